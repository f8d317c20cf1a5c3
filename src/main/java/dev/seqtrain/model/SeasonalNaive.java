package dev.seqtrain.model;

/**
 * The seasonal naive baseline: a target {@code ahead} steps after the window's last step is
 * forecast by the value one or more whole periods earlier, the latest such value inside the window.
 */
public final class SeasonalNaive {
    private SeasonalNaive() {
    }

    /**
     * The input step (0-based, in a window of {@code length} steps) whose value forecasts {@code ahead}
     * steps after the last one, or -1 when the window is too short to reach back a period.
     */
    public static int sourceStep(int length, int period, int ahead) {
        int periods = (ahead + period - 1) / period;
        int step = length - 1 + ahead - periods * period;
        return step >= 0 ? step : -1;
    }
}
