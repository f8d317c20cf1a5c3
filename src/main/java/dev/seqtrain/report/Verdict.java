package dev.seqtrain.report;

import java.util.Locale;
import java.util.Map;

/** The last line of a run, for every task: where it was published and, plainly, whether it beats its baselines. */
public final class Verdict {
    private Verdict() {
    }

    public static String published(TaskMetrics metrics, String folder) {
        StringBuilder baselines = new StringBuilder();
        metrics.baselineScores().forEach((name, score) -> baselines.append(String.format(Locale.ROOT, "%s%s %.4f",
                baselines.length() == 0 ? "" : ", ", name, score.value())));
        GateDecision gate = metrics.gate();
        String current = gate == null || gate.promoted() ? "now CURRENT"
                : "CURRENT stays at run " + gate.currentRunId() + ": " + gate.reason();
        return String.format(Locale.ROOT, "published run %s to %s (%s) in %.1fs: validation %s (%s); the model %s",
                metrics.runId(), folder, current, metrics.wallSeconds(), metrics.score(), baselines, of(metrics));
    }

    /** Whether the model beats every baseline, says which it does not, and says when one could not be computed. */
    static String of(TaskMetrics metrics) {
        if (metrics.beatsBaselines()) {
            return "beats every baseline";
        }
        Score score = metrics.score();
        Map<String, String> missing = metrics.missingBaselines();
        boolean beatsComputed = metrics.baselineScores().values().stream().allMatch(b -> score.beats(b.value()));
        if (beatsComputed && !missing.isEmpty()) {
            return "beats the baselines it could be compared with, but not " + String.join(", ", missing.keySet())
                    + ", which could not be computed (see the warning above)";
        }
        return "does NOT beat the best baseline (" + metrics.bestBaseline() + "): prefer the baseline or revisit the job";
    }
}
