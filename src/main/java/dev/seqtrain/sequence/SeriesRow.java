package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One input row: its series (empty when the data is one series), its time, and the numeric columns
 * the job uses (NaN for a missing value). Sorted by series, then time. A plain class: Spark's Kryo
 * cannot serialise records.
 */
public final class SeriesRow implements Serializable, Comparable<SeriesRow> {
    /** Rows sort by series id, then by time as a number when the job says so, else as text. */
    private static final Comparator<SeriesRow> ORDER = Comparator.comparing((SeriesRow r) -> r.series)
            .thenComparingDouble(r -> r.timeNumber)
            .thenComparing(r -> r.timeText, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final String series;
    private final String timeText;
    private final double timeNumber;
    private final double[] values;
    private final String label;

    /** @param timeNumber the time as a number when it sorts numerically, else 0 (and the text sorts) */
    public SeriesRow(String series, String timeText, double timeNumber, double[] values) {
        this(series, timeText, timeNumber, values, null);
    }

    /** @param label the row's sequence label, or null when the data has none */
    public SeriesRow(String series, String timeText, double timeNumber, double[] values, String label) {
        this.series = series;
        this.timeText = timeText;
        this.timeNumber = timeNumber;
        this.values = values;
        this.label = label;
    }

    public String series() {
        return series;
    }

    public String timeText() {
        return timeText;
    }

    public double[] values() {
        return values;
    }

    public String label() {
        return label;
    }

    /** Whether this row lies before {@code cutoff}, compared as numbers or as text. */
    public boolean isBefore(String cutoff, boolean numeric) {
        return numeric ? timeNumber < Double.parseDouble(cutoff) : timeText.compareTo(cutoff) < 0;
    }

    @Override
    public int compareTo(SeriesRow other) {
        return ORDER.compare(this, other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SeriesRow row && compareTo(row) == 0;
    }

    @Override
    public int hashCode() {
        return series.hashCode() * 31 + Double.hashCode(timeNumber) + (timeText == null ? 0 : timeText.hashCode());
    }
}
