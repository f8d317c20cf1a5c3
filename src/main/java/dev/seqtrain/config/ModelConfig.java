package dev.seqtrain.config;

/** The recurrent network: cell type, hidden units per layer and number of recurrent layers. */
public record ModelConfig(CellType cell, int hiddenSize, int layers) {
}
