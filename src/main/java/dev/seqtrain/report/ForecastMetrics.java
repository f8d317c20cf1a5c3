package dev.seqtrain.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A forecaster's {@code metrics.json}; README.md documents every field.
 *
 * @param outputs        what the model predicts: {@code target@+steps}, in output order
 * @param validation     the published model's validation errors, mean over outputs, original units
 * @param baselines      naive forecasts on the same validation windows, by name (mean over outputs)
 * @param bestBaseline   the baseline with the lowest validation RMSE
 * @param missingBaselines baselines the job asks for that could not be computed on these windows, and why
 * @param beatsBaselines whether the network's validation RMSE is below every baseline's (false while one
 *                       is missing: it was not beaten, only not measured)
 */
public record ForecastMetrics(String job, String runId, String task, List<String> outputs, Data data,
                              TaskMetrics.Model model, TaskMetrics.Training training, List<EpochResult> epochs,
                              int bestEpoch, boolean stoppedEarly, ErrorSummary validation,
                              List<ErrorSummary> validationByOutput, Map<String, ErrorSummary> baselines,
                              Map<String, List<ErrorSummary>> baselinesByOutput, String bestBaseline,
                              Map<String, String> missingBaselines, boolean beatsBaselines, double wallSeconds,
                              GateDecision gate) implements TaskMetrics {
    public static final String TASK = "forecast";

    @Override
    public ForecastMetrics withGate(GateDecision decision) {
        return new ForecastMetrics(job, runId, task, outputs, data, model, training, epochs, bestEpoch, stoppedEarly,
                validation, validationByOutput, baselines, baselinesByOutput, bestBaseline, missingBaselines,
                beatsBaselines, wallSeconds, decision);
    }

    @Override
    public Score score() {
        return Score.rmse(validation.rmse());
    }

    @Override
    public Map<String, Score> baselineScores() {
        Map<String, Score> scores = new LinkedHashMap<>();
        baselines.forEach((name, errors) -> scores.put(name, Score.rmse(errors.rmse())));
        return scores;
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
}
