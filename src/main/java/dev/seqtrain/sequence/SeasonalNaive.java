package dev.seqtrain.sequence;

/**
 * The seasonal naive baseline: a target {@code ahead} steps after a window's last step is forecast by
 * the series' value a whole number of periods earlier, the latest such value observed by then. It
 * may lie before the window's first step: the series' history supplies it.
 */
public final class SeasonalNaive {
    private SeasonalNaive() {
    }

    /** The row whose value forecasts {@code ahead} steps after {@code lastRow}, for a season of {@code period} steps. */
    public static long sourceRow(long lastRow, int ahead, int period) {
        long periods = (ahead + period - 1) / period;
        return lastRow + ahead - periods * period;
    }
}
