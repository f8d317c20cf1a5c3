package dev.seqtrain.report;

import java.util.List;
import java.util.Map;

/**
 * The content of a run's {@code metrics.json}; README.md documents every field.
 *
 * @param outputs        what the model predicts: {@code target@+steps}, in output order
 * @param bestEpoch      the epoch whose model was published (the best, or the last without keep-best)
 * @param stoppedEarly   whether early stopping ended training before the last epoch
 * @param validation     the published model's validation errors, mean over outputs, original units
 * @param baselines      naive forecasts on the same validation windows, by name (mean over outputs)
 * @param bestBaseline   the baseline with the lowest validation RMSE
 * @param missingBaselines baselines the job asks for that could not be computed on these windows, and why
 * @param beatsBaselines whether the network's validation RMSE is below every baseline's (false while one
 *                       is missing: it was not beaten, only not measured)
 */
public record RunMetrics(String job, String runId, String task, List<String> outputs, Data data, Model model,
                         Training training, List<EpochResult> epochs, int bestEpoch, boolean stoppedEarly,
                         ErrorSummary validation,
                         List<ErrorSummary> validationByOutput, Map<String, ErrorSummary> baselines,
                         Map<String, List<ErrorSummary>> baselinesByOutput, String bestBaseline,
                         Map<String, String> missingBaselines, boolean beatsBaselines, double wallSeconds,
                         GateDecision gate) {

    /** The metrics with a nightly run's promotion decision. */
    public RunMetrics withGate(GateDecision decision) {
        return new RunMetrics(job, runId, task, outputs, data, model, training, epochs, bestEpoch, stoppedEarly,
                validation, validationByOutput, baselines, baselinesByOutput, bestBaseline, missingBaselines,
                beatsBaselines, wallSeconds, decision);
    }

    /**
     * @param shortSeries    series too short for one window, which give none
     * @param skippedWindows windows the layout allows that were skipped for a missing value
     * @param windowsPerPartition training windows per partition: min, median, max
     */
    public record Data(String source, List<String> features, long series, long shortSeries, long rows, long trainRows,
                       int windowLength, int stride, int horizon, long trainWindows, long validationWindows,
                       long skippedWindows, long missingValues, long filledValues, long badRowsSkipped,
                       String normalization, int partitions, long[] windowsPerPartition) {
    }

    public record Model(String cell, int layers, int hiddenSize, boolean bidirectional, String updater,
                        long parameters, List<Layer> summary) {
    }

    /** One layer of the network: its type and how many parameters it has. */
    public record Layer(String type, long parameters) {
        @Override
        public String toString() {
            return type + " " + parameters;
        }
    }

    public record Training(int workers, int batchSizePerWorker, int averagingFrequency, int epochs,
                           double learningRate, String approach) {
    }
}
