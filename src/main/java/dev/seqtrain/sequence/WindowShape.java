package dev.seqtrain.sequence;

/**
 * How a series is cut into training windows.
 *
 * @param length    input steps per window
 * @param stride    steps between consecutive window starts
 * @param horizon   steps from the window's last input step to its (farthest) target
 * @param multiStep predict every step from 1 to {@code horizon} ahead, not only the last
 * @param sequence  many-to-many: label every input step with the targets {@code horizon} steps later
 */
public record WindowShape(int length, int stride, int horizon, boolean multiStep, boolean sequence) {
    public WindowShape(int length, int stride, int horizon) {
        this(length, stride, horizon, false, false);
    }

    /** Rows one window spans, from its first input step to its farthest target. */
    public int span() {
        return length + horizon;
    }
}
