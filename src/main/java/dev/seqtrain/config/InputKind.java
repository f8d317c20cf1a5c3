package dev.seqtrain.config;

import java.util.Locale;

/** What the input holds, and so which task the job trains ({@code input.kind}). */
public enum InputKind {
    /** Long-format time series, cut into windows: a forecaster. */
    SERIES,
    /** One labelled variable-length sequence per id: a sequence classifier. */
    SEQUENCES,
    /** Documents: a character-level language model. */
    TEXT,
    /** Documents whose passages are classified by the file they come from: a passage classifier. */
    PASSAGES;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
