package dev.seqtrain.sequence;

import java.util.Locale;

/**
 * How rows are split into training and validation.
 *
 * @param method             what is held out
 * @param validationFraction of each series' rows (or of the series, or of the windows)
 * @param cutoff             time from which rows validate, instead of a fraction; null if unused
 * @param gap                rows left out between a series' training and validation parts
 */
public record Split(Method method, double validationFraction, String cutoff, int gap) {
    public enum Method {
        /** The end of each series. */
        TIME,
        /** Whole series, a deterministic fraction of them. */
        SERIES,
        /** A random fraction of the windows: overlapping windows then share rows across the split, so only when asked. */
        RANDOM_WINDOW;

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public boolean bySeries() {
        return method == Method.SERIES;
    }

    public boolean randomWindows() {
        return method == Method.RANDOM_WINDOW;
    }
}
