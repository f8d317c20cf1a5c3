package dev.seqtrain.train;

/** Training produced a loss or an output that is not a finite number: the run fails and publishes nothing. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
