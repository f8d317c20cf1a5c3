package dev.seqtrain.report;

import java.util.Arrays;

/** Medians and min/median/max: how seqtrain summarises repeated measurements and balance. */
public final class Summaries {
    private Summaries() {
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code [min, median, max]}, or zeros for no values. */
    public static long[] minMedianMax(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? new long[]{0, 0, 0}
                : new long[]{sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]};
    }
}
