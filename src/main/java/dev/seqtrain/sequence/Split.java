package dev.seqtrain.config;

/**
 * How rows are split into training and validation.
 *
 * @param bySeries           hold out whole series (a deterministic {@code validationFraction} of
 *                           them) instead of the end of each series
 * @param randomWindows      hold out a random {@code validationFraction} of the windows: overlapping
 *                           windows then share rows across the split, so only when asked for
 * @param validationFraction of each series' rows (or of the series, with {@code bySeries})
 * @param cutoff             time from which rows validate, instead of a fraction; null if unused
 * @param gap                rows left out between a series' training and validation parts
 */
public record SplitConfig(boolean bySeries, boolean randomWindows, double validationFraction, String cutoff, int gap) {
}
