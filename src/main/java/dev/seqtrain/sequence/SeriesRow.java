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
            .thenComparing(SeriesRow::timeText, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final String series;
    private final String timeText;
    private final double timeNumber;
    private final double[] values;
    private final String label;
    private final int file;
    private final TimeFormat timeFormat;
    private final String problem;

    /** @param timeNumber the time as a number when it sorts numerically, else 0 (and the text sorts) */
    public SeriesRow(String series, String timeText, double timeNumber, double[] values) {
        this(series, timeText, timeNumber, values, null);
    }

    /** @param label the row's sequence label, or null when the data has none */
    public SeriesRow(String series, String timeText, double timeNumber, double[] values, String label) {
        this(series, timeText, timeNumber, values, label, 0, null, null);
    }

    /**
     * A row as a reader of typed columns makes it.
     *
     * @param file       which of its partition's files the row was read from, when a partition may hold
     *                   several (Spark packs small Parquet files together); a file's rows arrive together
     * @param timeFormat writes the time's text from its number when {@code timeText} is null (the
     *                   reader then makes no string per row)
     */
    public SeriesRow(String series, String timeText, double timeNumber, double[] values, String label, int file,
                     TimeFormat timeFormat) {
        this(series, timeText, timeNumber, values, label, file, timeFormat, null);
    }

    private SeriesRow(String series, String timeText, double timeNumber, double[] values, String label, int file,
                      TimeFormat timeFormat, String problem) {
        this.series = series;
        this.timeText = timeText;
        this.timeNumber = timeNumber;
        this.values = values;
        this.label = label;
        this.file = file;
        this.timeFormat = timeFormat;
        this.problem = problem;
    }

    public String series() {
        return series;
    }

    /** The time's text, or null when the data has no time column. */
    public String timeText() {
        return timeText != null || timeFormat == null ? timeText : timeFormat.text(timeNumber);
    }

    /** The time as a number when it sorts numerically, else 0. */
    public double timeNumber() {
        return timeNumber;
    }

    public double[] values() {
        return values;
    }

    public String label() {
        return label;
    }

    /**
     * A row that cannot be used, and why (naming its file or source, series and time): readers that
     * check values as they go pass it on for the caller to refuse.
     */
    public static SeriesRow unusable(String series, String timeText, String problem) {
        return new SeriesRow(series, timeText, 0, new double[0], null, 0, null, problem);
    }

    /** Why the row cannot be used, or null. */
    public String problem() {
        return problem;
    }

    public int file() {
        return file;
    }

    /** Whether this row lies before {@code cutoff}, compared as numbers or as text. */
    public boolean isBefore(String cutoff, boolean numeric) {
        return numeric ? timeNumber < Double.parseDouble(cutoff) : timeText().compareTo(cutoff) < 0;
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
        return series.hashCode() * 31 + Double.hashCode(timeNumber) + (timeText() == null ? 0 : timeText().hashCode());
    }
}
