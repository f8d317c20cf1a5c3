package dev.seqtrain.sequence;

/**
 * One training example: {@code inputs[feature][step]} for the window's steps, the target value
 * {@code horizon} steps after the last input step, and the target column's value at the last
 * input step (what a persistence forecast predicts).
 *
 * @param start the window's first row in the series
 */
public record ForecastWindow(int start, float[][] inputs, float target, float lastObserved) {
}
