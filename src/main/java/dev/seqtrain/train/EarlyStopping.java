package dev.seqtrain.train;

/**
 * Tracks the best epoch by a validation score (lower is better) and says when to stop: after {@code patience} epochs
 * without an improvement of more than {@code minDelta}. Patience 0 never stops early.
 */
public final class EarlyStopping {
    private final int patience;
    private final double minDelta;
    private int bestEpoch;
    private double best = Double.POSITIVE_INFINITY;
    private int sinceBest;

    public EarlyStopping(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Restores the state a checkpoint recorded. */
    public EarlyStopping(int patience, double minDelta, int bestEpoch, double best, int lastEpoch) {
        this(patience, minDelta);
        this.bestEpoch = bestEpoch;
        this.best = best;
        this.sinceBest = lastEpoch - bestEpoch;
    }

    /** @return whether {@code epoch} is the best so far */
    public boolean update(int epoch, double score) {
        if (score < best - minDelta) {
            best = score;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    public boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double best() {
        return best;
    }
}
