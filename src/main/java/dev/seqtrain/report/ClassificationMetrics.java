package dev.seqtrain.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's {@code metrics.json}; README.md documents every field.
 *
 * @param validation     the published model's validation accuracy, macro F1 and confusion matrix
 * @param baselines      majority class and naive Bayes on the same validation sequences
 * @param beatsBaselines whether the network's macro F1 is above every baseline's
 */
public record ClassificationMetrics(String job, String runId, String task, List<String> labels, Data data,
                                    TaskMetrics.Model model, TaskMetrics.Training training, List<EpochResult> epochs,
                                    int bestEpoch, boolean stoppedEarly, Classification validation,
                                    Map<String, Classification> baselines, String bestBaseline,
                                    Map<String, String> missingBaselines, boolean beatsBaselines, double wallSeconds,
                                    GateDecision gate) implements TaskMetrics {
    public static final String TASK = "classify";

    @Override
    public ClassificationMetrics withGate(GateDecision decision) {
        return new ClassificationMetrics(job, runId, task, labels, data, model, training, epochs, bestEpoch,
                stoppedEarly, validation, baselines, bestBaseline, missingBaselines, beatsBaselines, wallSeconds,
                decision);
    }

    @Override
    public Score score() {
        return Score.macroF1(validation.f1());
    }

    @Override
    public Map<String, Score> baselineScores() {
        Map<String, Score> scores = new LinkedHashMap<>();
        baselines.forEach((name, classification) -> scores.put(name, Score.macroF1(classification.f1())));
        return scores;
    }

    /**
     * @param stepsMinMedianMax sequence lengths
     * @param paddingFraction   padded steps over all steps of the training minibatches
     */
    public record Data(String source, List<String> features, long trainSequences, long validationSequences,
                       long[] stepsMinMedianMax, Map<String, Long> trainLabels, double paddingFraction,
                       long badRowsSkipped, String normalization) {
    }
}
