package dev.seqtrain.config;

/**
 * How {@code nightly} retrains a published model.
 *
 * @param epochs           epochs of a warm start from CURRENT (a cold start trains {@code training.epochs})
 * @param tolerance        CURRENT moves only if the new model's validation RMSE is at most
 *                         {@code (1 + tolerance)} times the current model's on the same night's data
 * @param lockTimeoutHours a lock older than this was left by a killed run, and is taken over
 */
public record NightlyConfig(int epochs, double tolerance, int lockTimeoutHours) {
}
