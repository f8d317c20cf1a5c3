package dev.seqtrain.report;

/**
 * A nightly run's promotion gate: the new model and the one CURRENT named, scored on the same
 * validation windows of the night's data.
 *
 * @param warmStart     whether the new model started from the current one
 * @param currentRunId  the run CURRENT named; null when there was none (the first model is promoted)
 * @param candidateRmse the new model's validation RMSE (original units, mean over outputs)
 * @param currentRmse   the current model's on the same windows; null without a current model
 * @param tolerance     the new model may be this much worse, relatively, and still be promoted
 */
public record GateDecision(String date, boolean warmStart, String currentRunId, double candidateRmse,
                           Double currentRmse, double tolerance, boolean promoted, String reason) {

    /** Promote when there is no current model, or when the new one is within the tolerance of it. */
    public static GateDecision decide(String date, boolean warmStart, String currentRunId, double candidateRmse,
                                      double currentRmse, double tolerance) {
        if (currentRunId == null) {
            return new GateDecision(date, warmStart, null, candidateRmse, null, tolerance, true,
                    "no current model: the first one is promoted");
        }
        boolean promote = candidateRmse <= currentRmse * (1 + tolerance);
        String reason = String.format(java.util.Locale.ROOT, "new RMSE %.4f %s %.4f = current %.4f x (1 + %.3f)",
                candidateRmse, promote ? "<=" : ">", currentRmse * (1 + tolerance), currentRmse, tolerance);
        return new GateDecision(date, warmStart, currentRunId, candidateRmse, currentRmse, tolerance, promote, reason);
    }
}
