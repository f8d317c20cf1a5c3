package dev.seqtrain.report;

import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} of a classifier run; README.md documents every field.
 *
 * @param validation     the published model's validation accuracy, macro F1 and confusion matrix
 * @param baselines      majority class and naive Bayes on the same validation sequences
 * @param beatsBaselines whether the network's macro F1 is above every baseline's
 */
public record ClassificationMetrics(String job, String runId, String task, List<String> labels, Data data,
                                    RunMetrics.Model model, RunMetrics.Training training, List<EpochResult> epochs,
                                    int bestEpoch, boolean stoppedEarly, Classification validation,
                                    Map<String, Classification> baselines, String bestBaseline, boolean beatsBaselines,
                                    double wallSeconds) {

    /**
     * @param stepsMinMedianMax sequence lengths
     * @param paddingFraction   padded steps over all steps of the training minibatches
     */
    public record Data(String source, List<String> features, long trainSequences, long validationSequences,
                       long[] stepsMinMedianMax, Map<String, Long> trainLabels, double paddingFraction,
                       long badRowsSkipped, String normalization) {
    }
}
