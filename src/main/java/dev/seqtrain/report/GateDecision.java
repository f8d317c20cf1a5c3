package dev.seqtrain.report;

import java.util.Locale;

/**
 * A nightly run's promotion gate: the new model and the one CURRENT named, scored on the same
 * validation examples of the night's data, on the task's own metric.
 *
 * @param warmStart    whether the new model started from the current one
 * @param currentRunId the run CURRENT named; null when there was none (the first model is promoted)
 * @param metric       what both are scored by: RMSE, macro F1 or bits per character
 * @param candidate    the new model's score
 * @param current      the current model's on the same examples; null without a current model
 * @param tolerance    the new model may be this much worse, relatively, and still be promoted
 */
public record GateDecision(String date, boolean warmStart, String currentRunId, String metric, double candidate,
                           Double current, double tolerance, boolean promoted, String reason) {

    /** Promote when there is no current model, or when the new one is within the tolerance of it. */
    public static GateDecision decide(String date, boolean warmStart, String currentRunId, Score candidate,
                                      Score current, double tolerance) {
        if (currentRunId == null) {
            return new GateDecision(date, warmStart, null, candidate.metric(), candidate.value(), null, tolerance, true,
                    "no current model: the first one is promoted");
        }
        boolean promote = candidate.within(current.value(), tolerance);
        boolean rises = candidate.higherIsBetter();
        double bound = current.value() * (rises ? 1 - tolerance : 1 + tolerance);
        String comparison = rises ? (promote ? ">=" : "<") : (promote ? "<=" : ">");
        String reason = String.format(Locale.ROOT, "new %s %.4f %s %.4f = current %.4f x (1 %s %.3f)",
                candidate.metric(), candidate.value(), comparison, bound, current.value(), rises ? "-" : "+", tolerance);
        return new GateDecision(date, warmStart, currentRunId, candidate.metric(), candidate.value(), current.value(),
                tolerance, promote, reason);
    }
}
