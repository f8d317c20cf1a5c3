package dev.seqtrain.config;

import java.util.Locale;

/**
 * How a classifier reads its sequence out of the recurrent layers ({@code model.pooling}); padding never
 * counts, the mask excludes it.
 */
public enum Pooling {
    /** The last real step's state. */
    LAST,
    /** The mean of every real step's state. */
    MEAN,
    /** The largest value of each unit over the real steps. */
    MAX;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
