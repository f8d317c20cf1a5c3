package dev.seqtrain.config;

/** How series and sequences are stored ({@code input.format}); text is plain UTF-8 whatever this says. */
public enum InputFormat {
    /** RFC 4180 with a header row. */
    CSV,
    PARQUET
}
