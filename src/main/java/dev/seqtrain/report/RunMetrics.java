package dev.seqtrain.report;

import java.util.List;
import java.util.Map;

/**
 * The content of a run's {@code metrics.json}; README.md documents every field.
 *
 * @param baselines      naive forecasts on the same validation windows, by name
 * @param beatsBaselines whether the network's validation RMSE is below every baseline's
 */
public record RunMetrics(String job, String runId, String task, String target, Data data, Model model,
                         Training training, List<EpochResult> epochs, ErrorSummary validation,
                         Map<String, ErrorSummary> baselines, boolean beatsBaselines, double wallSeconds) {

    /**
     * @param skippedWindows windows the layout allows that were skipped for a missing value
     * @param windowsPerPartition training windows per partition: min, median, max
     */
    public record Data(String source, List<String> features, long series, long rows, long trainRows,
                       int windowLength, int stride, int horizon, long trainWindows, long validationWindows,
                       long skippedWindows, long missingValues, long filledValues, long badRowsSkipped,
                       String normalization, int partitions, long[] windowsPerPartition) {
    }

    public record Model(String cell, int layers, int hiddenSize, long parameters) {
    }

    public record Training(int workers, int batchSizePerWorker, int averagingFrequency, int epochs,
                           double learningRate, String approach) {
    }
}
