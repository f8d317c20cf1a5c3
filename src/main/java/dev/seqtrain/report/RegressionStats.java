package dev.seqtrain.report;

import java.io.Serializable;

/** Accumulates squared and absolute errors of point forecasts; mergeable, so workers can share the work. */
public final class RegressionStats implements Serializable {
    private long count;
    private double sumSquared;
    private double sumAbsolute;

    public RegressionStats add(double predicted, double actual) {
        double error = predicted - actual;
        count++;
        sumSquared += error * error;
        sumAbsolute += Math.abs(error);
        return this;
    }

    public RegressionStats merge(RegressionStats other) {
        count += other.count;
        sumSquared += other.sumSquared;
        sumAbsolute += other.sumAbsolute;
        return this;
    }

    public static RegressionStats[] array(int count) {
        RegressionStats[] stats = new RegressionStats[count];
        for (int i = 0; i < count; i++) {
            stats[i] = new RegressionStats();
        }
        return stats;
    }

    /** Merges element by element. */
    public static RegressionStats[] merge(RegressionStats[] a, RegressionStats[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i].merge(b[i]);
        }
        return a;
    }

    public long count() {
        return count;
    }

    public ErrorSummary summary() {
        if (count == 0) {
            throw new IllegalStateException("no forecasts were added");
        }
        return new ErrorSummary(Math.sqrt(sumSquared / count), sumAbsolute / count);
    }
}
