package dev.seqtrain.config;

import java.util.Locale;

/** The optimiser ({@code model.updater}); its rate is {@code training.learning-rate}. */
public enum Updater {
    ADAM(2), SGD(0), RMSPROP(1), NESTEROVS(1);

    private final int stateSlots;

    /** @param stateSlots arrays per parameter the updater keeps (Adam its two moments) */
    Updater(int stateSlots) {
        this.stateSlots = stateSlots;
    }

    public int stateSlots() {
        return stateSlots;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
