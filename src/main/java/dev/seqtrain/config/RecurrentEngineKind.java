package dev.seqtrain.config;

import java.util.Locale;

/** Which code computes the recurrent layers: seqtrain's engine, or DL4J's own layers (for comparison). */
public enum RecurrentEngineKind {
    /** seqtrain's recurrent engine: the products in OpenBLAS, each step's gate arithmetic in one loop. */
    FUSED,
    /** DL4J's own LSTM and SimpleRnn layers. */
    DL4J;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
