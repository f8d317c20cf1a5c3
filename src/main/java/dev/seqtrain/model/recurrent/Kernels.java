package dev.seqtrain.model.recurrent;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One precision's scratch memory and per-step arithmetic for {@link RecurrentEngine}. Matrix products
 * run on native buffers (through {@link Blas}); everything element-wise runs on Java arrays, one
 * array per quantity and step, so that every loop reads and writes all its arrays at the same index
 * and has a small body: the loops HotSpot's C2 compiler unrolls and vectorises (a loop that mixes
 * index offsets across arrays it cannot tell apart, or a large body, stays scalar and is ten times
 * slower). Buffers grow to the largest minibatch seen and are reused: nothing is allocated inside the
 * time loop.
 *
 * <p>Each step's product takes {@code z = [h' | x | 1]}: the previous output, the step's input and a
 * one, against the stacked weights {@code [RW; W; b]}, so one product per step projects the input,
 * the recurrence and the bias together, and after the backward loop one product gives the gradients
 * of all three. Native layouts: {@code z} per step, {@code [(steps + 1) * batch, width]} with width
 * {@code hidden + inputs + 1}; the gates {@code [steps * batch, gates]} (pre-activations forwards, gate
 * gradients backwards).
 *
 * <p>A GRU's candidate keeps its input and recurrent parts apart ({@code n = tanh(x W_n + b_in + r * (h'
 * RW_n + b_hn))}), so its product has a third block for the recurrent part ({@code W_n} rows zero there)
 * and a second, thin product per step gives {@code x W_n + b_in} from z's {@code [x | 1]} columns.
 */
abstract class Kernels {
    RecurrentEngine.Cell kind;
    int steps;
    int batch;
    int inputs;
    int hidden;
    int gates;
    int width;

    /** Sizes the buffers for a minibatch of {@code cell}: its product has {@code cell.blocks * hidden} columns. */
    void prepare(RecurrentEngine.Cell cell, int steps, int batch, int inputs, int hidden) {
        this.kind = cell;
        int gateWidth = cell.blocks * hidden;
        this.steps = steps;
        this.batch = batch;
        this.inputs = inputs;
        this.hidden = hidden;
        this.gates = gateWidth;
        this.width = hidden + inputs + 1;
        allocate();
    }

    abstract void allocate();

    /** FLOAT or DOUBLE: the precision of the arrays these kernels read and write. */
    abstract DataType dataType();

    /** The stacked weights {@code [RW; W; b]}, {@code [width, gates]}. */
    abstract Operand weights();

    /** The native {@code z} rows of every step, {@code [(steps + 1) * batch, width]}. */
    abstract Operand allZ();

    /** Step {@code t}'s {@code z = [h' | x | 1]}, {@code [batch, width]}. */
    Operand z(int t) {
        return allZ().rows((long) t * batch, batch);
    }

    /** The {@code z} of every step, {@code [steps * batch, width]}. */
    Operand stepsZ() {
        return allZ().rows(0, (long) steps * batch);
    }

    /** The native gates of every step, {@code [steps * batch, gates]}. */
    abstract Operand allGates();

    /** The native gates of step {@code t}, {@code [batch, gates]}. */
    Operand gates(int t) {
        return allGates().rows((long) t * batch, batch);
    }

    /** The GRU's candidate input weights {@code [W_n; b_in]}, {@code [inputs + 1, hidden]}. */
    abstract Operand candidateWeights();

    /** The GRU's candidate input projections of every step, {@code [steps * batch, hidden]} (their gradients backwards). */
    abstract Operand allCandidates();

    Operand candidates(int t) {
        return allCandidates().rows((long) t * batch, batch);
    }

    /** Native scratch for the transposed gradient of {@link #candidateWeights()}, {@code [hidden, inputs + 1]}. */
    abstract Operand candidateWeightGradientTransposed();

    /** Native scratch for one step's gradient of {@code z}, {@code [batch, width]}. */
    abstract Operand zGradient();

    /** Native scratch for the transposed gradient of the stacked weights, {@code [gates, width]}. */
    abstract Operand weightGradientTransposed();

    /**
     * Reads the stacked weights from DL4J's {@code W [inputs, gates]}, {@code RW [hidden, gates]}, {@code b [1,
     * gates]}; a GRU's bias is {@code [1, 2 * gates]} (input biases, then recurrent) and its candidate's
     * input weights go to {@link #candidateWeights()}.
     */
    abstract void readWeights(INDArray inputWeights, INDArray recurrentWeights, INDArray bias);

    /** Reads {@code x}, {@code [batch, inputs, steps]}, and the initial state ({@code [batch, hidden]} each; null for zeros). */
    abstract void readInput(INDArray x, INDArray output, INDArray cell);

    /** Reads a {@code [batch, steps]} mask (1 keeps a step, 0 resets the state there), or none. */
    abstract void readMask(INDArray mask);

    /** Writes every step's output into {@code out}, {@code [batch, hidden, steps]} laid out step by step. */
    abstract void writeOutput(INDArray out);

    /** Writes the state after the last step ({@code cell} may be null for cells without one). */
    abstract void writeState(INDArray output, INDArray cell);

    /** Reads the gradient of the outputs, {@code [batch, hidden, steps]}. */
    abstract void readEpsilon(INDArray epsilon);

    /** Zeroes what the backward pass carries from step to step. */
    abstract void startBackward();

    /** Takes step t's gradient of {@code z}: the previous output's part and the input's. */
    abstract void splitZGradient(int t);

    /**
     * Writes the weight gradients from {@link #weightGradientTransposed()} into DL4J's gradient views
     * and the input gradient into {@code inputEpsilon} ({@code [batch, inputs, steps]} laid out step by step).
     */
    abstract void writeGradients(INDArray inputWeights, INDArray recurrentWeights, INDArray bias,
                                 INDArray inputEpsilon);

    abstract void lstmForward(int t);

    abstract void lstmBackward(int t);

    abstract void rnnForward(int t);

    abstract void rnnBackward(int t);

    abstract void gruForward(int t);

    abstract void gruBackward(int t);
}
