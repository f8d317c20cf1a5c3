package dev.seqtrain.config;

/**
 * How a series is cut into training windows.
 *
 * @param length  input steps per window
 * @param stride  steps between consecutive window starts
 * @param horizon steps from the window's last input step to its target
 */
public record WindowConfig(int length, int stride, int horizon) {
    /** Rows one window spans, from its first input step to its target. */
    public int span() {
        return length + horizon;
    }
}
