package dev.seqtrain.report;

/** Accumulates squared and absolute errors of point forecasts. */
public final class RegressionStats {
    private long count;
    private double sumSquared;
    private double sumAbsolute;

    public void add(double predicted, double actual) {
        double error = predicted - actual;
        count++;
        sumSquared += error * error;
        sumAbsolute += Math.abs(error);
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
