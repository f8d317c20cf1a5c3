package dev.seqtrain.model.recurrent;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward passes of a recurrent layer as cuDNN, oneDNN and PyTorch structure them on CPU:
 * one matrix product per step, the gate arithmetic of a step in tight loops, no allocation inside the
 * time loop, and after the backward loop the weight gradients of all steps in one large product. Each
 * step's product takes {@code [h' | x | 1]} against the stacked weights {@code [RW; W; b]}, so it
 * projects the input and adds the bias as it applies the recurrence: with few input features a
 * separate projection of all steps at once is a thin product that only moves memory (measured
 * three times slower than its arithmetic here). Products go straight to OpenBLAS; the element-wise
 * work runs in {@link Kernels}. One engine serves one layer instance: it keeps the last training
 * forward pass for the backward pass that follows.
 *
 * <p>Arrays are DL4J's: inputs {@code [batch, inputs, steps]}, outputs {@code [batch, hidden,
 * steps]}, weights {@code W [inputs, gates]}, {@code RW [hidden, gates]}, bias {@code [1, gates]}, in
 * either memory order; an LSTM's gates are 4 blocks of {@code hidden} columns, a GRU's 3 (its bias
 * {@code [1, 6 * hidden]}: the input biases, then the recurrent ones).
 */
public final class RecurrentEngine {
    /** The cells the engine computes, and their gate columns per hidden unit. */
    public enum Cell {
        LSTM(4), RNN(1), GRU(3);

        final int blocks;

        Cell(int blocks) {
            this.blocks = blocks;
        }
    }

    private final Cell cell;
    private Kernels kernels;
    private static final ThreadLocal<long[]> STEPS_COMPUTED = ThreadLocal.withInitial(() -> new long[1]);

    public RecurrentEngine(Cell cell) {
        this.cell = cell;
    }

    /** Whether the engine computes arrays of this type (float and double; DL4J's half types go elsewhere). */
    public static boolean supports(DataType type) {
        return type == DataType.FLOAT || type == DataType.DOUBLE;
    }

    /**
     * Time steps this thread's engines have computed forwards: a test's proof that the engine ran,
     * not a fallback.
     */
    public static long stepsComputed() {
        return STEPS_COMPUTED.get()[0];
    }

    /**
     * Runs the layer forwards over {@code input} into {@code out} ({@code [batch, hidden, steps]} laid
     * out step by step: {@code [steps, batch, hidden]} in memory), from the initial state (nulls for zeros), under {@code mask} ({@code [batch,
     * steps]} or null).
     */
    public void forward(INDArray input, INDArray inputWeights, INDArray recurrentWeights, INDArray bias, INDArray mask,
                        INDArray initialOutput, INDArray initialCell, INDArray out) {
        Kernels k = kernels(input.dataType());
        int steps = (int) input.size(2);
        int hidden = (int) recurrentWeights.rows();
        k.prepare(cell, steps, (int) input.size(0), (int) input.size(1), hidden);
        k.readWeights(inputWeights, recurrentWeights, bias);
        k.readMask(mask);
        k.readInput(input, initialOutput, initialCell);
        boolean dbl = k.dataType() == DataType.DOUBLE;
        Operand weights = k.weights();
        for (int t = 0; t < steps; t++) {
            // [h' | x | 1] [RW; W; b]: the recurrence, the input projection and the bias in one product.
            Blas.gemm(dbl, 1, k.z(t), weights, 0, k.gates(t));
            switch (cell) {
                case LSTM -> k.lstmForward(t);
                case RNN -> k.rnnForward(t);
                case GRU -> {
                    // The candidate's input part, x W_n + b_in, from z's [x | 1] columns.
                    Blas.gemm(dbl, 1, inputColumns(k, k.z(t)), k.candidateWeights(), 0, k.candidates(t));
                    k.gruForward(t);
                }
            }
        }
        k.writeOutput(out);
        STEPS_COMPUTED.get()[0] += steps;
    }

    /** The state after the last step of the last forward pass ({@code cell} null for an RNN). */
    public void lastState(INDArray output, INDArray cellState) {
        kernels.writeState(output, cellState);
    }

    /**
     * The backward pass of the last forward pass: writes the weight and bias gradients (DL4J's
     * gradient views) and the input gradient {@code inputEpsilon} ({@code [batch, inputs, steps]} laid
     * out step by step) from the output gradient {@code epsilon}. The state the forward pass started from is
     * a constant: no gradient flows into it, as in DL4J's truncated BPTT.
     */
    public void backward(INDArray epsilon, INDArray inputWeightGradient, INDArray recurrentWeightGradient,
                         INDArray biasGradient, INDArray inputEpsilon) {
        Kernels k = kernels;
        boolean dbl = k.dataType() == DataType.DOUBLE;
        k.readEpsilon(epsilon);
        k.startBackward();
        Operand weightsTransposed = k.weights().transpose();
        for (int t = k.steps - 1; t >= 0; t--) {
            switch (cell) {
                case LSTM -> k.lstmBackward(t);
                case RNN -> k.rnnBackward(t);
                case GRU -> k.gruBackward(t);
            }
            // dz = dG [RW; W; b]': the previous output's gradient and the input's, in one product.
            Blas.gemm(dbl, 1, k.gates(t), weightsTransposed, 0, k.zGradient());
            if (cell == Cell.GRU) {
                Blas.gemm(dbl, 1, k.candidates(t), k.candidateWeights().transpose(), 1, inputColumns(k, k.zGradient()));
            }
            k.splitZGradient(t);
        }
        // The stacked weights' gradient over all steps at once: dG' z.
        Blas.gemm(dbl, 1, k.allGates().transpose(), k.stepsZ(), 0, k.weightGradientTransposed());
        if (cell == Cell.GRU) {
            Blas.gemm(dbl, 1, k.allCandidates().transpose(), inputColumns(k, k.stepsZ()), 0,
                    k.candidateWeightGradientTransposed());
        }
        k.writeGradients(inputWeightGradient, recurrentWeightGradient, biasGradient, inputEpsilon);
    }

    /** The {@code [x | 1]} columns of z rows (or of their gradient). */
    private static Operand inputColumns(Kernels k, Operand zRows) {
        return zRows.columns(k.hidden, k.inputs + 1);
    }

    private Kernels kernels(DataType type) {
        if (!supports(type)) {
            throw new IllegalArgumentException("the recurrent engine computes float or double, not " + type);
        }
        if (kernels == null || kernels.dataType() != type) {
            kernels = type == DataType.DOUBLE ? new DoubleKernels() : new FloatKernels();
        }
        return kernels;
    }
}
