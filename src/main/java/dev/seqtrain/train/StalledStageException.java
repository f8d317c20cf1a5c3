package dev.seqtrain.train;

/** A Spark action whose tasks stopped finishing: it was cancelled rather than left to hang. */
public final class StalledStageException extends RuntimeException {
    public StalledStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
