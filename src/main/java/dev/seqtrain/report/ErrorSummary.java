package dev.seqtrain.report;

/** Root mean squared error and mean absolute error, in the target's original units. */
public record ErrorSummary(double rmse, double mae) {
    public ErrorSummary scaled(double factor) {
        return new ErrorSummary(rmse * factor, mae * factor);
    }

    /** The mean RMSE and mean MAE of several outputs: one figure for a multi-output model. */
    public static ErrorSummary mean(java.util.List<ErrorSummary> outputs) {
        return new ErrorSummary(outputs.stream().mapToDouble(ErrorSummary::rmse).average().orElse(Double.NaN),
                outputs.stream().mapToDouble(ErrorSummary::mae).average().orElse(Double.NaN));
    }
}
