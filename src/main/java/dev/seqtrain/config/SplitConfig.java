package dev.seqtrain.config;

/**
 * How rows are split into training and validation.
 *
 * @param bySeries           hold out whole series (a deterministic {@code validationFraction} of
 *                           them) instead of the end of each series
 * @param validationFraction of each series' rows (or of the series, with {@code bySeries})
 * @param cutoff             time from which rows validate, instead of a fraction; null if unused
 * @param gap                rows left out between a series' training and validation parts
 */
public record SplitConfig(boolean bySeries, double validationFraction, String cutoff, int gap) {
}
