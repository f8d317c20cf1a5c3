package dev.seqtrain.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A character-level language model's {@code metrics.json}; README.md documents every field.
 *
 * @param validationBitsPerCharacter the published model's cross-entropy on the validation text, in bits
 * @param baselines                  bits per character of the baselines (the training text's unigram entropy)
 */
public record CharModelMetrics(String job, String runId, String task, Data data, TaskMetrics.Model model,
                               TaskMetrics.Training training, List<EpochResult> epochs, int bestEpoch,
                               boolean stoppedEarly, double validationBitsPerCharacter, Map<String, Double> baselines,
                               String bestBaseline, Map<String, String> missingBaselines, boolean beatsBaselines,
                               double wallSeconds, GateDecision gate) implements TaskMetrics {
    public static final String TASK = "charlm";

    @Override
    public CharModelMetrics withGate(GateDecision decision) {
        return new CharModelMetrics(job, runId, task, data, model, training, epochs, bestEpoch, stoppedEarly,
                validationBitsPerCharacter, baselines, bestBaseline, missingBaselines, beatsBaselines, wallSeconds,
                decision);
    }

    @Override
    public Score score() {
        return Score.bitsPerCharacter(validationBitsPerCharacter);
    }

    @Override
    public Map<String, Score> baselineScores() {
        Map<String, Score> scores = new LinkedHashMap<>();
        baselines.forEach((name, bits) -> scores.put(name, Score.bitsPerCharacter(bits)));
        return scores;
    }

    public record Data(String source, long documents, long characters, int vocabularySize, int windowLength,
                       int stride, long trainWindows, long validationWindows) {
    }
}
