package dev.seqtrain.model.recurrent;

import org.bytedeco.javacpp.DoublePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.pointers.PagedPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

import static dev.seqtrain.model.recurrent.Activations.sigmoid;
import static dev.seqtrain.model.recurrent.Activations.tanh;

/**
 * {@link Kernels} in double. Java has no generics over primitives, so these kernels exist once per
 * precision: the single-precision file is the source, the other a copy with the type names swapped;
 * {@code KernelsMirrorTest} checks the copy and says how to regenerate it after an edit.
 *
 * <p>DL4J's LSTM gate blocks, in its column order: block input {@code a} (tanh), forget {@code f},
 * output {@code o}, input gate {@code i} (sigmoid). A step of an LSTM computes
 * {@code c = f * c' + i * a}, {@code h = o * tanh(c)}; with a mask {@code m}, the stored cell and
 * output are {@code m * c} and {@code m * h}, so a masked step resets the state, as DL4J's layer does.
 * Per step, each quantity is an array of {@code batch * hidden} values, example-major.
 *
 * <p>A GRU step, as PyTorch and cuDNN compute it: reset {@code r = sigmoid(x W_r + h' RW_r + b_ir + b_hr)},
 * update {@code u = sigmoid(x W_u + h' RW_u + b_iu + b_hu)}, candidate {@code n = tanh(x W_n + b_in + r *
 * (h' RW_n + b_hn))}, output {@code h = (1 - u) * n + u * h'}; its blocks in column order r, u, n.
 */
final class DoubleKernels extends Kernels {
    private static final int A = 0;
    private static final int F = 1;
    private static final int O = 2;
    private static final int I = 3;
    private static final int R = 0;
    private static final int U = 1;
    private static final int N = 2;
    private static final int NH = 3;

    /**
     * Gate activations per step: {@code gate[block][t]}; a simple RNN uses block 0 only, a GRU blocks R, U,
     * N and NH (the candidate's recurrent part, {@code h' RW_n + b_hn}).
     */
    private double[][][] gate = new double[4][0][];
    private double[][] cell = new double[0][];
    private double[][] cellTanh = new double[0][];
    private double[][] state = new double[0][];
    private double[][] epsilon = new double[0][];
    private final double[][] gateGradient = new double[4][0];
    private double[] dState = new double[0];
    private double[] dCell = new double[0];
    /** A GRU's gradient of the previous output through the update gate's direct path, {@code dh * u}. */
    private double[] carry = new double[0];
    private double[] candidateRow = new double[0];
    private double[] candidateMatrix = new double[0];
    /** Time-major inputs and their gradients, {@code [steps][batch][inputs]}. */
    private double[] x = new double[0];
    private double[] inputGradient = new double[0];
    /** One step's gates, or its z rows, as the products read and write them. */
    private double[] row = new double[0];
    private double[] zRow = new double[0];
    private double[] matrix = new double[0];
    private double[] columns = new double[0];
    private double[] rawBuffer = new double[0];
    private double[] mask;
    private double[] maskBuffer = new double[0];

    private final NativeBuffer nativeZ = new NativeBuffer();
    private final NativeBuffer nativeGates = new NativeBuffer();
    private final NativeBuffer nativeWeights = new NativeBuffer();
    private final NativeBuffer nativeZGradient = new NativeBuffer();
    private final NativeBuffer nativeWeightGradient = new NativeBuffer();
    private final NativeBuffer nativeCandidates = new NativeBuffer();
    private final NativeBuffer nativeCandidateWeights = new NativeBuffer();
    private final NativeBuffer nativeCandidateWeightGradient = new NativeBuffer();

    @Override
    DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    void allocate() {
        int size = batch * hidden;
        boolean gru = kind == RecurrentEngine.Cell.GRU;
        for (int q = 0; q < (gru ? 4 : gates / hidden); q++) {
            gate[q] = perStep(gate[q], steps, size);
            gateGradient[q] = grown(gateGradient[q], size);
        }
        cell = perStep(cell, steps + 1, size);
        cellTanh = perStep(cellTanh, steps, size);
        state = perStep(state, steps + 1, size);
        epsilon = perStep(epsilon, steps, size);
        dState = grown(dState, size);
        dCell = grown(dCell, size);
        x = grown(x, steps * batch * inputs);
        inputGradient = grown(inputGradient, steps * batch * inputs);
        row = grown(row, batch * gates);
        zRow = grown(zRow, batch * width);
        matrix = grown(matrix, width * gates);
        maskBuffer = grown(maskBuffer, batch * steps);
        nativeZ.ensure((long) (steps + 1) * batch * width);
        nativeGates.ensure((long) steps * batch * gates);
        nativeWeights.ensure((long) width * gates);
        nativeZGradient.ensure((long) batch * width);
        nativeWeightGradient.ensure((long) width * gates);
        if (gru) {
            carry = grown(carry, size);
            candidateRow = grown(candidateRow, size);
            candidateMatrix = grown(candidateMatrix, (inputs + 1) * hidden);
            nativeCandidates.ensure((long) steps * size);
            nativeCandidateWeights.ensure((long) (inputs + 1) * hidden);
            nativeCandidateWeightGradient.ensure((long) (inputs + 1) * hidden);
        }
    }

    private static double[] grown(double[] array, int length) {
        return array.length >= length ? array : new double[length];
    }

    /** At least {@code count} arrays of at least {@code length} values, keeping those already big enough. */
    private static double[][] perStep(double[][] arrays, int count, int length) {
        double[][] out = arrays.length >= count ? arrays : Arrays.copyOf(arrays, count);
        for (int t = 0; t < count; t++) {
            out[t] = out[t] == null ? new double[length] : grown(out[t], length);
        }
        return out;
    }

    @Override
    Operand weights() {
        return Operand.rowMajor(nativeWeights.view, 0, width, gates);
    }

    @Override
    Operand allZ() {
        return Operand.rowMajor(nativeZ.view, 0, (long) (steps + 1) * batch, width);
    }

    @Override
    Operand allGates() {
        return Operand.rowMajor(nativeGates.view, 0, (long) steps * batch, gates);
    }

    @Override
    Operand candidateWeights() {
        return Operand.rowMajor(nativeCandidateWeights.view, 0, inputs + 1, hidden);
    }

    @Override
    Operand allCandidates() {
        return Operand.rowMajor(nativeCandidates.view, 0, (long) steps * batch, hidden);
    }

    @Override
    Operand candidateWeightGradientTransposed() {
        return Operand.rowMajor(nativeCandidateWeightGradient.view, 0, hidden, inputs + 1);
    }

    @Override
    Operand zGradient() {
        return Operand.rowMajor(nativeZGradient.view, 0, batch, width);
    }

    @Override
    Operand weightGradientTransposed() {
        return Operand.rowMajor(nativeWeightGradient.view, 0, gates, width);
    }

    @Override
    void readWeights(INDArray inputWeights, INDArray recurrentWeights, INDArray bias) {
        if (kind == RecurrentEngine.Cell.GRU) {
            readGruWeights(inputWeights, recurrentWeights, bias);
            return;
        }
        // [RW; W; b], row-major
        read(recurrentWeights, matrix, 0, hidden * gates);
        read(inputWeights, matrix, hidden * gates, inputs * gates);
        read(bias, matrix, (hidden + inputs) * gates, gates);
        nativeWeights.put(0, matrix, width * gates);
    }

    /**
     * A GRU's {@code [RW; W with W_n's columns zero; b_ir + b_hr, b_iu + b_hu, b_hn]} and, for the
     * candidate's input part, {@code [W_n; b_in]}.
     */
    private void readGruWeights(INDArray inputWeights, INDArray recurrentWeights, INDArray bias) {
        int hh = hidden;
        read(recurrentWeights, matrix, 0, hh * gates);
        columns = grown(columns, Math.max(inputs * gates, 2 * gates));
        double[] w = columns;
        read(inputWeights, w, 0, inputs * gates);
        for (int i = 0; i < inputs; i++) {
            int to = (hh + i) * gates;
            System.arraycopy(w, i * gates, matrix, to, 2 * hh);
            Arrays.fill(matrix, to + 2 * hh, to + gates, 0);
            System.arraycopy(w, i * gates + 2 * hh, candidateMatrix, i * hh, hh);
        }
        read(bias, w, 0, 2 * gates);
        int biasRow = (hh + inputs) * gates;
        for (int g = 0; g < 2 * hh; g++) {
            matrix[biasRow + g] = w[g] + w[gates + g];
        }
        System.arraycopy(w, gates + 2 * hh, matrix, biasRow + 2 * hh, hh);
        System.arraycopy(w, 2 * hh, candidateMatrix, inputs * hh, hh);
        nativeWeights.put(0, matrix, width * gates);
        nativeCandidateWeights.put(0, candidateMatrix, (inputs + 1) * hh);
    }

    @Override
    void readInput(INDArray input, INDArray output, INDArray cellState) {
        int length = batch * inputs * steps;
        if (timeMajor(input)) {
            // The layer below is seqtrain's: its output already lies step by step.
            readRaw(input, x, length);
        } else {
            double[] raw = raw(input);
            long s0 = input.stride(0);
            long s1 = input.stride(1);
            long s2 = input.stride(2);
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int to = (t * batch + b) * inputs;
                    for (int i = 0; i < inputs; i++) {
                        x[to + i] = raw[(int) (b * s0 + i * s1 + t * s2)];
                    }
                }
            }
        }
        int size = batch * hidden;
        if (output == null) {
            Arrays.fill(state[0], 0, size, 0);
        } else {
            read(output, state[0], 0, size);
        }
        if (cellState == null) {
            Arrays.fill(cell[0], 0, size, 0);
        } else {
            read(cellState, cell[0], 0, size);
        }
        writeZ(0);
    }

    /** Slot t of z: each example's previous output, its input at step t (zeros past the last) and a one. */
    private void writeZ(int t) {
        double[] h = state[t];
        for (int b = 0; b < batch; b++) {
            int to = b * width;
            System.arraycopy(h, b * hidden, zRow, to, hidden);
            if (t < steps) {
                System.arraycopy(x, (t * batch + b) * inputs, zRow, to + hidden, inputs);
            } else {
                Arrays.fill(zRow, to + hidden, to + hidden + inputs, 0);
            }
            zRow[to + hidden + inputs] = 1;
        }
        nativeZ.put((long) t * batch * width, zRow, batch * width);
    }

    @Override
    void readMask(INDArray values) {
        if (values == null) {
            mask = null;
            return;
        }
        read(values, maskBuffer, 0, batch * steps);
        mask = maskBuffer;
    }

    @Override
    void writeOutput(INDArray out) {
        // out is time-major ([steps, batch, hidden] in memory): each step's outputs are one block.
        requireTimeMajor(out);
        int size = batch * hidden;
        DoublePointer target = new DoublePointer(out.data().addressPointer());
        for (int t = 0; t < steps; t++) {
            target.position((long) t * size).put(state[t + 1], 0, size);
        }
    }

    @Override
    void writeState(INDArray output, INDArray cellState) {
        int size = batch * hidden;
        write(state[steps], output, size);
        if (cellState != null) {
            write(cell[steps], cellState, size);
        }
    }

    @Override
    void readEpsilon(INDArray values) {
        int size = batch * hidden;
        if (timeMajor(values)) {
            DoublePointer source = new DoublePointer(values.data().addressPointer());
            for (int t = 0; t < steps; t++) {
                source.position((long) t * size).get(epsilon[t], 0, size);
            }
            return;
        }
        int s0 = (int) values.stride(0);
        int s1 = (int) values.stride(1);
        int s2 = (int) values.stride(2);
        if (values.dataType() == DataType.DOUBLE && s0 == 1 && s1 == batch && s2 == size) {
            readColumnMajorEpsilon(values);
            return;
        }
        double[] raw = raw(values);
        for (int t = 0; t < steps; t++) {
            double[] e = epsilon[t];
            // The inner loop walks the source's smaller stride: DL4J's column-major gradients step by example.
            if (s0 < s1) {
                for (int h = 0; h < hidden; h++) {
                    int from = h * s1 + t * s2;
                    for (int b = 0; b < batch; b++) {
                        e[b * hidden + h] = raw[from + b * s0];
                    }
                }
            } else {
                for (int b = 0; b < batch; b++) {
                    int from = b * s0 + t * s2;
                    for (int h = 0; h < hidden; h++) {
                        e[b * hidden + h] = raw[from + h * s1];
                    }
                }
            }
        }
    }

    /**
     * DL4J's column-major {@code [batch, hidden, steps]} gradient, each step a contiguous {@code [hidden][batch]}
     * block: step by step, and a step of zeros (all but the last after a last-step output) costs one scan.
     */
    private void readColumnMajorEpsilon(INDArray values) {
        int size = batch * hidden;
        DoublePointer source = new DoublePointer(values.data().addressPointer());
        rawBuffer = grown(rawBuffer, size);
        for (int t = 0; t < steps; t++) {
            source.position((long) t * size).get(rawBuffer, 0, size);
            double[] e = epsilon[t];
            double largest = 0;
            for (int k = 0; k < size; k++) {
                largest = Math.max(largest, Math.abs(rawBuffer[k])); // NaN stays NaN: not zero
            }
            if (largest == 0) {
                Arrays.fill(e, 0, size, 0);
                continue;
            }
            for (int h = 0; h < hidden; h++) {
                for (int b = 0; b < batch; b++) {
                    e[b * hidden + h] = rawBuffer[h * batch + b];
                }
            }
        }
    }

    @Override
    void startBackward() {
        int size = batch * hidden;
        Arrays.fill(dState, 0, size, 0);
        Arrays.fill(dCell, 0, size, 0);
    }

    @Override
    void splitZGradient(int t) {
        nativeZGradient.get(0, zRow, batch * width);
        for (int b = 0; b < batch; b++) {
            int from = b * width;
            System.arraycopy(zRow, from, dState, b * hidden, hidden);
            System.arraycopy(zRow, from + hidden, inputGradient, (t * batch + b) * inputs, inputs);
        }
        if (kind == RecurrentEngine.Cell.GRU) {
            int size = batch * hidden;
            for (int k = 0; k < size; k++) {
                dState[k] += carry[k];
            }
        }
    }

    @Override
    void writeGradients(INDArray inputWeights, INDArray recurrentWeights, INDArray bias, INDArray inputEpsilon) {
        nativeWeightGradient.get(0, matrix, gates * width);
        // matrix holds [gates, width]: row g is the gradient of column g of RW, of W, then of b.
        writeColumns(recurrentWeights, 0, hidden);
        if (kind == RecurrentEngine.Cell.GRU) {
            writeGruGradients(inputWeights, bias);
        } else {
            writeColumns(inputWeights, hidden, inputs);
            writeColumns(bias, hidden + inputs, 1);
        }
        // The input gradient is the layer's own, time-major: the steps' rows are already its memory.
        requireTimeMajor(inputEpsilon);
        writeRaw(inputGradient, inputEpsilon, steps * batch * inputs);
    }

    /** Rows {@code [from, from + count)} of the stacked weights' gradient into a {@code [count, gates]} gradient view. */
    private void writeColumns(INDArray view, int from, int count) {
        columns = grown(columns, count * gates);
        double[] columnMajor = columns;
        for (int g = 0; g < gates; g++) {
            System.arraycopy(matrix, g * width + from, columnMajor, g * count, count);
        }
        writeColumnMajor(columnMajor, view, count);
    }

    /**
     * A GRU's input weight and bias gradients: W's r and u columns and the summed biases' gradient from
     * the stacked product, W_n and b_in from the candidate's; the input and recurrent bias of r and u
     * have the same gradient (they are added), b_hn the third block's.
     */
    private void writeGruGradients(INDArray inputWeights, INDArray bias) {
        int hh = hidden;
        int in = inputs + 1;
        nativeCandidateWeightGradient.get(0, candidateMatrix, hh * in);
        columns = grown(columns, Math.max(inputs * gates, 2 * gates));
        double[] columnMajor = columns;
        for (int g = 0; g < gates; g++) {
            boolean candidate = g >= 2 * hh;
            for (int i = 0; i < inputs; i++) {
                columnMajor[g * inputs + i] = candidate ? candidateMatrix[(g - 2 * hh) * in + i]
                        : matrix[g * width + hh + i];
            }
        }
        writeColumnMajor(columnMajor, inputWeights, inputs);
        for (int g = 0; g < gates; g++) {
            double summed = matrix[g * width + hh + inputs];
            boolean candidate = g >= 2 * hh;
            columnMajor[g] = candidate ? candidateMatrix[(g - 2 * hh) * in + inputs] : summed;
            columnMajor[gates + g] = summed;
        }
        writeColumnMajor(columnMajor, bias, 1);
    }

    /** A column-major {@code [count, columns]} gradient into a DL4J gradient view. */
    private static void writeColumnMajor(double[] columnMajor, INDArray view, int count) {
        int length = (int) view.length();
        if (view.stride(0) == 1 && (view.size(1) == 1 || view.stride(1) == count) || view.rows() == 1
                && (view.columns() == 1 || view.stride(1) == 1)) {
            writeRaw(columnMajor, view, length); // DL4J's gradient views are column-major
        } else {
            view.assign(Nd4j.create(Arrays.copyOf(columnMajor, length), view.shape(), 'f'));
        }
    }

    @Override
    void lstmForward(int t) {
        int hh = hidden;
        nativeGates.get((long) t * batch * gates, row, batch * gates);
        double[] a = gate[A][t];
        double[] f = gate[F][t];
        double[] o = gate[O][t];
        double[] i = gate[I][t];
        for (int b = 0; b < batch; b++) {
            int from = b * gates;
            System.arraycopy(row, from, a, b * hh, hh);
            System.arraycopy(row, from + hh, f, b * hh, hh);
            System.arraycopy(row, from + 2 * hh, o, b * hh, hh);
            System.arraycopy(row, from + 3 * hh, i, b * hh, hh);
        }
        // One activation per loop: C2 unrolls, and so vectorises, only loops with small bodies.
        int size = batch * hh;
        activate(a, size, true);
        activate(f, size, false);
        activate(o, size, false);
        activate(i, size, false);
        double[] previous = cell[t];
        double[] next = cell[t + 1];
        double[] tc = cellTanh[t];
        double[] h = state[t + 1];
        for (int k = 0; k < size; k++) {
            next[k] = f[k] * previous[k] + i[k] * a[k];
        }
        for (int k = 0; k < size; k++) {
            tc[k] = tanh(next[k]);
        }
        for (int k = 0; k < size; k++) {
            h[k] = o[k] * tc[k];
        }
        applyMask(t, next, h);
        writeZ(t + 1);
    }

    @Override
    void lstmBackward(int t) {
        int size = batch * hidden;
        double[] a = gate[A][t];
        double[] f = gate[F][t];
        double[] o = gate[O][t];
        double[] i = gate[I][t];
        double[] previous = cell[t];
        double[] tc = cellTanh[t];
        double[] e = epsilon[t];
        double[] da = gateGradient[A];
        double[] df = gateGradient[F];
        double[] dout = gateGradient[O];
        double[] di = gateGradient[I];
        double[] dh = dState;
        for (int k = 0; k < size; k++) {
            dh[k] += e[k];
        }
        applyMask(t, dh, dCell);
        // dCell holds the gradient of the stored cell from step t + 1; it becomes that of the cell's sum.
        for (int k = 0; k < size; k++) {
            double th = tc[k];
            dCell[k] += dh[k] * o[k] * (1 - th * th);
        }
        for (int k = 0; k < size; k++) {
            double ov = o[k];
            dout[k] = dh[k] * tc[k] * ov * (1 - ov);
        }
        for (int k = 0; k < size; k++) {
            double av = a[k];
            da[k] = dCell[k] * i[k] * (1 - av * av);
        }
        for (int k = 0; k < size; k++) {
            double iv = i[k];
            di[k] = dCell[k] * a[k] * iv * (1 - iv);
        }
        for (int k = 0; k < size; k++) {
            double fv = f[k];
            df[k] = dCell[k] * previous[k] * fv * (1 - fv);
        }
        for (int k = 0; k < size; k++) {
            dCell[k] *= f[k];
        }
        int hh = hidden;
        for (int b = 0; b < batch; b++) {
            int to = b * gates;
            System.arraycopy(da, b * hh, row, to, hh);
            System.arraycopy(df, b * hh, row, to + hh, hh);
            System.arraycopy(dout, b * hh, row, to + 2 * hh, hh);
            System.arraycopy(di, b * hh, row, to + 3 * hh, hh);
        }
        nativeGates.put((long) t * batch * gates, row, batch * gates);
    }

    @Override
    void rnnForward(int t) {
        int size = batch * hidden;
        double[] a = gate[A][t];
        nativeGates.get((long) t * size, a, size);
        activate(a, size, true);
        System.arraycopy(a, 0, state[t + 1], 0, size);
        applyMask(t, state[t + 1], null);
        writeZ(t + 1);
    }

    @Override
    void rnnBackward(int t) {
        int size = batch * hidden;
        double[] a = gate[A][t];
        double[] e = epsilon[t];
        double[] dz = gateGradient[A];
        for (int k = 0; k < size; k++) {
            double av = a[k];
            dz[k] = (e[k] + dState[k]) * (1 - av * av);
        }
        applyMask(t, dz, null);
        nativeGates.put((long) t * size, dz, size);
    }

    @Override
    void gruForward(int t) {
        int hh = hidden;
        int size = batch * hh;
        nativeGates.get((long) t * batch * gates, row, batch * gates);
        nativeCandidates.get((long) t * size, candidateRow, size);
        double[] r = gate[R][t];
        double[] u = gate[U][t];
        double[] n = gate[N][t];
        double[] nh = gate[NH][t];
        for (int b = 0; b < batch; b++) {
            int from = b * gates;
            System.arraycopy(row, from, r, b * hh, hh);
            System.arraycopy(row, from + hh, u, b * hh, hh);
            System.arraycopy(row, from + 2 * hh, nh, b * hh, hh);
        }
        activate(r, size, false);
        activate(u, size, false);
        for (int k = 0; k < size; k++) {
            n[k] = candidateRow[k] + r[k] * nh[k];
        }
        activate(n, size, true);
        double[] previous = state[t];
        double[] h = state[t + 1];
        for (int k = 0; k < size; k++) {
            h[k] = n[k] + u[k] * (previous[k] - n[k]);
        }
        applyMask(t, h, null);
        writeZ(t + 1);
    }

    @Override
    void gruBackward(int t) {
        int hh = hidden;
        int size = batch * hh;
        double[] r = gate[R][t];
        double[] u = gate[U][t];
        double[] n = gate[N][t];
        double[] nh = gate[NH][t];
        double[] previous = state[t];
        double[] e = epsilon[t];
        double[] dh = dState;
        double[] dr = gateGradient[R];
        double[] du = gateGradient[U];
        double[] dnh = gateGradient[N];
        double[] dn = gateGradient[NH];
        for (int k = 0; k < size; k++) {
            dh[k] += e[k];
        }
        applyMask(t, dh, null);
        for (int k = 0; k < size; k++) {
            carry[k] = dh[k] * u[k];
        }
        for (int k = 0; k < size; k++) {
            double nv = n[k];
            dn[k] = dh[k] * (1 - u[k]) * (1 - nv * nv);
        }
        for (int k = 0; k < size; k++) {
            double uv = u[k];
            du[k] = dh[k] * (previous[k] - n[k]) * uv * (1 - uv);
        }
        for (int k = 0; k < size; k++) {
            double rv = r[k];
            dr[k] = dn[k] * nh[k] * rv * (1 - rv);
        }
        for (int k = 0; k < size; k++) {
            dnh[k] = dn[k] * r[k];
        }
        for (int b = 0; b < batch; b++) {
            int to = b * gates;
            System.arraycopy(dr, b * hh, row, to, hh);
            System.arraycopy(du, b * hh, row, to + hh, hh);
            System.arraycopy(dnh, b * hh, row, to + 2 * hh, hh);
        }
        nativeGates.put((long) t * batch * gates, row, batch * gates);
        nativeCandidates.put((long) t * size, dn, size);
    }

    /** {@code values = tanh(values)}, or the sigmoid, over the first {@code size} values. */
    private static void activate(double[] values, int size, boolean tanh) {
        if (tanh) {
            for (int k = 0; k < size; k++) {
                values[k] = tanh(values[k]);
            }
        } else {
            for (int k = 0; k < size; k++) {
                values[k] = sigmoid(values[k]);
            }
        }
    }

    /** Multiplies each example's values at step t by its mask ({@code second} may be null). */
    private void applyMask(int t, double[] first, double[] second) {
        if (mask == null) {
            return;
        }
        for (int b = 0; b < batch; b++) {
            double m = mask[b * steps + t];
            int end = (b + 1) * hidden;
            for (int k = b * hidden; k < end; k++) {
                first[k] *= m;
            }
            if (second != null) {
                for (int k = b * hidden; k < end; k++) {
                    second[k] *= m;
                }
            }
        }
    }

    /**
     * Whether a {@code [batch, size, steps]} array lies step by step in memory ({@code [steps, batch,
     * size]} row-major), as this engine makes its outputs and input gradients.
     */
    private static boolean timeMajor(INDArray values) {
        long size = values.size(1);
        return values.dataType() == DataType.DOUBLE && values.stride(1) == 1 && values.stride(0) == size
                && values.stride(2) == values.size(0) * size;
    }

    private static void requireTimeMajor(INDArray out) {
        if (!timeMajor(out)) {
            throw new IllegalArgumentException("the engine writes arrays laid out step by step, not strides "
                    + Arrays.toString(out.stride()) + " for shape " + Arrays.toString(out.shape()));
        }
    }

    /**
     * The memory a 3-d array spans (its own order and strides, from its first element), in Java; kept
     * in a reused buffer.
     */
    private double[] raw(INDArray values) {
        INDArray source = values.dataType() == DataType.DOUBLE ? values : values.castTo(DataType.DOUBLE);
        long span = 1;
        for (int d = 0; d < source.rank(); d++) {
            span += (source.size(d) - 1) * source.stride(d);
        }
        rawBuffer = grown(rawBuffer, (int) span);
        readRaw(source, rawBuffer, (int) span);
        return rawBuffer;
    }

    private static void readRaw(INDArray values, double[] into, int length) {
        // A view's data buffer already starts at the view's first element.
        new DoublePointer(values.data().addressPointer()).get(into, 0, length);
    }

    private static void writeRaw(double[] values, INDArray out, int length) {
        new DoublePointer(out.data().addressPointer()).put(values, 0, length);
    }

    /** {@code values} in row-major order into {@code into} from {@code offset}. */
    private static void read(INDArray values, double[] into, int offset, int length) {
        INDArray source = values.dataType() == DataType.DOUBLE && values.ordering() == 'c'
                && Shape.hasDefaultStridesForShape(values) ? values : values.castTo(DataType.DOUBLE).dup('c');
        new DoublePointer(source.data().addressPointer()).get(into, offset, length);
    }

    /** Writes {@code values} into {@code out} in row-major order (through a copy unless {@code out} is contiguous). */
    private static void write(double[] values, INDArray out, int length) {
        if (out.dataType() == DataType.DOUBLE && Shape.hasDefaultStridesForShape(out) && out.ordering() == 'c') {
            writeRaw(values, out, length);
        } else {
            out.assign(Nd4j.create(Arrays.copyOf(values, length), out.shape(), 'c'));
        }
    }

    /**
     * A native buffer that grows and is reused. Operands see it through {@code view}, a plain address
     * without JavaCPP's deallocator (copying a pointer that has one registers a reference per copy);
     * bulk copies go through {@code cursor}, so the view's position stays 0.
     */
    private static final class NativeBuffer {
        private DoublePointer owner = new DoublePointer(1L);
        private PagedPointer view = new PagedPointer(owner.address());
        private DoublePointer cursor = new DoublePointer(view);
        private long capacity = 1;

        void ensure(long length) {
            if (length > capacity) {
                owner.close();
                capacity = Math.max(length, capacity + capacity / 2);
                owner = new DoublePointer(capacity);
                view = new PagedPointer(owner.address());
                cursor = new DoublePointer(view);
            }
        }

        void put(long at, double[] values, int length) {
            cursor.position(at).put(values, 0, length);
        }

        void get(long at, double[] into, int length) {
            cursor.position(at).get(into, 0, length);
        }
    }
}
