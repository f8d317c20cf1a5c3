package dev.seqtrain.job;

/** A published model produced NaN or infinite forecasts: evaluate and predict fail (exit 1) instead of using them. */
public final class NonFinitePredictionsException extends RuntimeException {
    NonFinitePredictionsException(String message) {
        super(message);
    }
}
