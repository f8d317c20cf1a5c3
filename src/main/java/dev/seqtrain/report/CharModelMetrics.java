package dev.seqtrain.report;

import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} of a character-level language model; README.md documents every field.
 *
 * @param validationBitsPerCharacter the published model's cross-entropy on the validation text, in bits
 * @param baselines                  bits per character of the baselines (the training text's unigram entropy)
 */
public record CharLmMetrics(String job, String runId, String task, Data data, RunMetrics.Model model,
                            RunMetrics.Training training, List<EpochResult> epochs, int bestEpoch,
                            boolean stoppedEarly, double validationBitsPerCharacter, Map<String, Double> baselines,
                            boolean beatsBaselines, double wallSeconds) {

    public record Data(String source, long documents, long characters, int vocabularySize, int windowLength,
                       int stride, long trainWindows, long validationWindows) {
    }
}
