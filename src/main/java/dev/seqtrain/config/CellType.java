package dev.seqtrain.config;

import java.util.Locale;

/**
 * The recurrent cell a model is built from, and what follows from it alone: its parameter count and
 * the activations it keeps per step. A new cell is a constant here and its layer in
 * {@code NetworkFactory} (the compiler points there: its switch covers every constant).
 */
public enum CellType {
    /** Simple (Elman) RNN: few parameters and fast, but gradients vanish over long spans. */
    RNN(1, 1, 2),
    /**
     * GRU: reset and update gates and a candidate, no separate cell state; about three quarters of an
     * LSTM's parameters and compute. PyTorch's and cuDNN's form, with a recurrent bias per gate too.
     */
    GRU(3, 2, 5),
    /** LSTM: a cell state with forget, input and output gates carries information over long spans. */
    LSTM(4, 1, 6);

    private final int gates;
    private final int biases;
    private final int activationsPerUnit;

    /**
     * @param gates              weight blocks of H(I+H+biases) each: an LSTM's input, forget and output gates
     *                           and its candidate; a GRU's reset and update gates and candidate; one for an RNN
     * @param biases             bias vectors per gate: a GRU's input and recurrent ones
     * @param activationsPerUnit floats per unit a step keeps for backprop: an LSTM's four gates, cell and
     *                           output; a GRU's gates, candidate, its recurrent part and output; an RNN's
     *                           pre-activation and output
     */
    CellType(int gates, int biases, int activationsPerUnit) {
        this.gates = gates;
        this.biases = biases;
        this.activationsPerUnit = activationsPerUnit;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parameters of one layer of {@code hidden} units over {@code inputs}: gates × H(I+H+biases). */
    public long parameters(int inputs, int hidden) {
        return (long) gates * hidden * (inputs + hidden + biases);
    }

    /** The closed form of {@link #parameters}, e.g. {@code 4H(I+H+1)}. */
    public String formula() {
        return (gates == 1 ? "" : String.valueOf(gates)) + "H(I+H+" + biases + ")";
    }

    public int biases() {
        return biases;
    }

    public int gates() {
        return gates;
    }

    /** Floats per example and step one direction of a layer keeps for backprop, and their gradients. */
    public long activationsPerStep(int hidden) {
        return 2L * activationsPerUnit * hidden;
    }
}
