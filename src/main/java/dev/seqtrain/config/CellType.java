package dev.seqtrain.config;

import java.util.Locale;

/** The recurrent cell a model is built from. */
public enum CellType {
    /** Simple (Elman) RNN: few parameters and fast, but gradients vanish over long spans. */
    RNN,
    /** LSTM: a cell state with forget, input and output gates carries information over long spans. */
    LSTM;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
