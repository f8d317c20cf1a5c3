package dev.seqtrain.sequence;

import java.io.Serializable;

/**
 * Count, mean, sum of squared deviations, min and max of one column, ignoring NaN (missing) values.
 * Mergeable (Chan et al.'s parallel update), so workers fit statistics on their rows and the driver
 * combines them. A plain class: Spark's Kryo cannot serialise records.
 */
public final class ColumnStats implements Serializable {
    private long count;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public ColumnStats add(double value) {
        if (Double.isNaN(value)) {
            return this;
        }
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
        min = Math.min(min, value);
        max = Math.max(max, value);
        return this;
    }

    public ColumnStats merge(ColumnStats other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            count = other.count;
            mean = other.mean;
            m2 = other.m2;
            min = other.min;
            max = other.max;
            return this;
        }
        long total = count + other.count;
        double delta = other.mean - mean;
        mean += delta * other.count / total;
        m2 += other.m2 + delta * delta * count * other.count / total;
        count = total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        return this;
    }

    /** Fresh statistics for {@code width} columns. */
    public static ColumnStats[] empty(int width) {
        ColumnStats[] stats = new ColumnStats[width];
        for (int c = 0; c < width; c++) {
            stats[c] = new ColumnStats();
        }
        return stats;
    }

    /** Adds one row's values, column by column. */
    public static ColumnStats[] addRow(ColumnStats[] stats, double[] row) {
        return addRow(stats, row, 0);
    }

    /** Adds the row whose values start at {@code values[offset]}, column by column. */
    public static ColumnStats[] addRow(ColumnStats[] stats, double[] values, int offset) {
        for (int c = 0; c < stats.length; c++) {
            stats[c].add(values[offset + c]);
        }
        return stats;
    }

    /** Merges column by column, into {@code a}. */
    public static ColumnStats[] merge(ColumnStats[] a, ColumnStats[] b) {
        for (int c = 0; c < a.length; c++) {
            a[c].merge(b[c]);
        }
        return a;
    }

    public long count() {
        return count;
    }

    public double mean() {
        return mean;
    }

    /** Population standard deviation. */
    public double std() {
        return count == 0 ? 0 : Math.sqrt(m2 / count);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }
}
