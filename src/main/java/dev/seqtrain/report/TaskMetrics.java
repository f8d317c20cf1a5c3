package dev.seqtrain.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seqtrain.storage.Json;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What every task's {@code metrics.json} has in common: the run, the model, its epochs, its score on
 * the task's own metric next to its baselines', and a nightly gate's decision. README.md documents
 * every field.
 */
public sealed interface TaskMetrics permits ForecastMetrics, ClassificationMetrics, CharModelMetrics {
    String job();

    String runId();

    /** {@code forecast}, {@code classify} or {@code charlm}. */
    String task();

    Model model();

    Training training();

    List<EpochResult> epochs();

    /** The epoch whose model was published (the best, or the last without keep-best). */
    int bestEpoch();

    boolean stoppedEarly();

    double wallSeconds();

    /** The nightly gate's decision; null for {@code train}. */
    GateDecision gate();

    /** Baselines the job asks for that could not be computed, and why. */
    Map<String, String> missingBaselines();

    /** The published model's validation score on the task's metric. */
    Score score();

    /** Each baseline's score on the same validation examples, by name. */
    Map<String, Score> baselineScores();

    /** The metrics with a nightly run's promotion decision. */
    TaskMetrics withGate(GateDecision decision);

    boolean beatsBaselines();

    /** The baseline with the best score on the task's metric. */
    String bestBaseline();

    /** The best of {@code baselines} on their metric, or null when there are none. */
    static String best(Map<String, Score> baselines) {
        String best = null;
        for (Map.Entry<String, Score> baseline : baselines.entrySet()) {
            if (best == null || baseline.getValue().beats(baselines.get(best).value())) {
                best = baseline.getKey();
            }
        }
        return best;
    }

    /** Whether the model beats every baseline: never while one is missing (not beaten, only not measured). */
    static boolean beatsAll(Score model, Map<String, Score> baselines, Map<String, String> missing) {
        return missing.isEmpty() && baselines.values().stream().allMatch(b -> model.beats(b.value()));
    }

    /** Reads any task's metrics.json into its own record. */
    static TaskMetrics read(String json) {
        JsonNode tree;
        try {
            tree = Json.tree(json);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("metrics.json is not valid JSON", e.getCause());
        }
        Class<? extends TaskMetrics> type = switch (tree.path("task").asText()) {
            case ForecastMetrics.TASK -> ForecastMetrics.class;
            case ClassificationMetrics.TASK -> ClassificationMetrics.class;
            case CharModelMetrics.TASK -> CharModelMetrics.class;
            default -> throw new IllegalArgumentException("metrics.json of an unknown task '"
                    + tree.path("task").asText() + "'");
        };
        return Json.read(tree, type);
    }

    record Model(String cell, int layers, int hiddenSize, boolean bidirectional, String updater,
                 long parameters, List<Layer> summary) {
    }

    /** One layer of the network: its type and how many parameters it has. */
    record Layer(String type, long parameters) {
        @Override
        public String toString() {
            return type + " " + parameters;
        }
    }

    record Training(int workers, int batchSizePerWorker, int averagingFrequency, int epochs,
                    double learningRate, String approach) {
    }
}
