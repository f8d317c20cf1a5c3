package dev.seqtrain.report;

/** Root mean squared error and mean absolute error, in the target's original units. */
public record ErrorSummary(double rmse, double mae) {
    public ErrorSummary scaled(double factor) {
        return new ErrorSummary(rmse * factor, mae * factor);
    }
}
