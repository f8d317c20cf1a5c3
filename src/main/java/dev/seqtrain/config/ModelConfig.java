package dev.seqtrain.config;

/**
 * The recurrent network.
 *
 * @param cell          the recurrent cell
 * @param hiddenSize    units per recurrent layer (per direction when bidirectional)
 * @param layers        stacked recurrent layers
 * @param bidirectional read each window forwards and backwards, concatenating both
 * @param dropout       fraction of recurrent layers' inputs dropped while training; 0 for none
 * @param l2            L2 weight penalty; 0 for none
 * @param weightInit    DL4J weight initialisation, e.g. {@code xavier}
 * @param updater       the optimiser
 * @param gradientClip  clips each gradient element to ±this (recurrent nets can explode); 0 for none
 * @param tbpttLength   truncated backpropagation through time, in steps (many-to-many only); 0 for full
 * @param engine        what computes the recurrent layers: seqtrain's fused engine, or DL4J's own layers
 * @param pooling       how a classifier reads its sequence out: the last step, or every step pooled
 */
public record ModelConfig(CellType cell, int hiddenSize, int layers, boolean bidirectional, double dropout,
                          double l2, String weightInit, Updater updater, double gradientClip, int tbpttLength,
                          RecurrentEngineKind engine, Pooling pooling) {
    /** A network of {@code cell} with seqtrain's defaults for everything else. */
    public ModelConfig(CellType cell, int hiddenSize, int layers) {
        this(cell, hiddenSize, layers, false, 0, 0, "xavier", Updater.ADAM, 1.0, 0, RecurrentEngineKind.FUSED,
                Pooling.LAST);
    }

    /** The same model computed by another engine. */
    public ModelConfig withEngine(RecurrentEngineKind other) {
        return new ModelConfig(cell, hiddenSize, layers, bidirectional, dropout, l2, weightInit, updater, gradientClip,
                tbpttLength, other, pooling);
    }
}
