package dev.seqtrain.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.deeplearning4j.nn.params.LSTMParamInitializer.BIAS_KEY;
import static org.deeplearning4j.nn.params.LSTMParamInitializer.INPUT_WEIGHT_KEY;
import static org.deeplearning4j.nn.params.LSTMParamInitializer.RECURRENT_WEIGHT_KEY;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * DL4J's LSTM layer computed by libnd4j's fused {@code lstmLayer} and {@code lstmLayer_bp} ops: one
 * native call for a whole minibatch forwards and one backwards, where DL4J's own layer makes about 67
 * small native calls per time step (the benchmark's profile). Same parameters, same results within
 * float rounding, checked against the stock layer and by DL4J's gradient checks.
 *
 * <p>The fused ops cover what seqtrain's models use: sigmoid gates, tanh cell and output, no mask or
 * a mask that keeps each sequence's first steps (padding aligned at the start), and a carried state
 * for truncated BPTT and {@code rnnTimeStep} without a mask. Anything else (padding aligned at the
 * end, other activations, truncated backward length shorter than forward) runs DL4J's own code,
 * which this class extends.
 */
public class FusedLstmLayer extends LSTM {
    /** libnd4j orders the four gate blocks input, forget, cell, output; DL4J cell, forget, output, input. */
    private static final int[] DL4J_BLOCK = {3, 1, 0, 2};
    /** libnd4j's activation codes. */
    private static final int TANH = 0;
    private static final int SIGMOID = 2;
    /** lstmLayer's data formats for DL4J's [minibatch, size, steps] and [minibatch, steps, size]. */
    private static final int NST = 2;
    private static final int NTS = 1;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fusedApplies(false)) {
            return super.activate(training, workspaceMgr);
        }
        return forward(training, null, null, false, workspaceMgr).output();
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fusedApplies(false)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        return backward(epsilon, null, null, workspaceMgr);
    }

    /** DL4J's truncated BPTT recomputes the segment from {@code stateMap}, which it has set to the segment's start. */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int backwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        if (!fusedApplies(true) || backwardLength < input.size(timeAxis())) {
            return super.tbpttBackpropGradient(epsilon, backwardLength, workspaceMgr);
        }
        return backward(epsilon, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!fusedApplies(true)) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        Forward pass = forward(false, stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                true, workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastOutput().detach());
        stateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastCell().detach());
        return pass.output();
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!fusedApplies(true)) {
            return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
        }
        Forward pass = forward(training, tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION),
                tBpttStateMap.get(STATE_KEY_PREV_MEMCELL), storeLastForTBPTT, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastOutput().detach());
            tBpttStateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastCell().detach());
        }
        return pass.output();
    }

    /** Whether the fused ops compute exactly what DL4J's layer would; {@code carriesState}: starts from a stored state. */
    private boolean fusedApplies(boolean carriesState) {
        org.deeplearning4j.nn.conf.layers.LSTM conf = layerConf();
        boolean activations = conf.getGateActivationFn() instanceof ActivationSigmoid
                && conf.getActivationFn() instanceof ActivationTanH;
        // DL4J zeroes the state at masked steps; the op's sequence lengths do the same only for trailing padding.
        return activations && (maskArray == null || !carriesState && prefixLengths(maskArray) != null);
    }

    private record Forward(INDArray output, INDArray lastOutput, INDArray lastCell) {
    }

    private Forward forward(boolean training, INDArray initialOutput, INDArray initialCell, boolean keepLast,
                            LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = contiguous(input, ArrayType.FF_WORKING_MEM, workspaceMgr);
        long minibatch = x.size(0);
        long hidden = layerConf().getNOut();
        long steps = x.size(timeAxis());
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                nwc() ? new long[]{minibatch, steps, hidden} : new long[]{minibatch, hidden, steps}, 'c');
        List<INDArray> outputs = new ArrayList<>(List.of(output));
        INDArray lastOutput = null;
        INDArray lastCell = null;
        if (keepLast) {
            lastOutput = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), minibatch, hidden);
            lastCell = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), minibatch, hidden);
            outputs.add(lastOutput);
            outputs.add(lastCell);
        }
        OpInputs in = opInputs(x, training, initialOutput, initialCell, ArrayType.FF_WORKING_MEM, workspaceMgr);
        Nd4j.exec(op("lstmLayer", in, keepLast, in.arrays(), outputs));
        return new Forward(output, lastOutput, lastCell);
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, INDArray initialOutput, INDArray initialCell,
                                              LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = contiguous(input, ArrayType.BP_WORKING_MEM, workspaceMgr);
        OpInputs in = opInputs(x, true, initialOutput, initialCell, ArrayType.BP_WORKING_MEM, workspaceMgr);
        List<INDArray> inputs = new ArrayList<>(in.arrays());
        inputs.add(contiguous(epsilon, ArrayType.BP_WORKING_MEM, workspaceMgr));

        DataType type = x.dataType();
        INDArray inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, type, x.shape(), 'c');
        INDArray inputWeights = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, in.inputWeights().shape(), 'c');
        INDArray recurrentWeights = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type,
                in.recurrentWeights().shape(), 'c');
        INDArray bias = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, in.bias().shape(), 'c');
        List<INDArray> outputs = new ArrayList<>(List.of(inputGradient, inputWeights, recurrentWeights, bias));
        if (initialOutput != null) { // gradients for the carried state, which truncated BPTT drops
            outputs.add(workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, initialOutput.shape(), 'c'));
            outputs.add(workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, type, initialCell.shape(), 'c'));
        }
        Nd4j.exec(op("lstmLayer_bp", in, false, inputs, outputs));

        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(INPUT_WEIGHT_KEY, toDl4j(inputWeights, gradientViews.get(INPUT_WEIGHT_KEY)));
        gradient.gradientForVariable().put(RECURRENT_WEIGHT_KEY,
                toDl4j(recurrentWeights, gradientViews.get(RECURRENT_WEIGHT_KEY)));
        gradient.gradientForVariable().put(BIAS_KEY, toDl4j(bias.reshape(1, bias.length()), gradientViews.get(BIAS_KEY)));
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(inputGradient));
    }

    /** The op's inputs in its order (x, Wx, Wr, b, seqLen, hI, cI), parameters in libnd4j's gate order. */
    private record OpInputs(List<INDArray> arrays, INDArray inputWeights, INDArray recurrentWeights, INDArray bias,
                            boolean lengths, boolean initialState) {
    }

    private OpInputs opInputs(INDArray x, boolean training, INDArray initialOutput, INDArray initialCell,
                              ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        INDArray inputWeights = toFused(getParamWithNoise(INPUT_WEIGHT_KEY, training, workspaceMgr), type, workspaceMgr);
        INDArray recurrentWeights = toFused(getParamWithNoise(RECURRENT_WEIGHT_KEY, training, workspaceMgr), type,
                workspaceMgr);
        INDArray bias = toFused(getParamWithNoise(BIAS_KEY, training, workspaceMgr), type, workspaceMgr);
        bias = bias.reshape(bias.length());
        List<INDArray> arrays = new ArrayList<>(List.of(x, inputWeights, recurrentWeights, bias));
        boolean lengths = maskArray != null;
        if (lengths) {
            arrays.add(Nd4j.createFromArray(prefixLengths(maskArray)));
        }
        boolean initialState = initialOutput != null;
        if (initialState) {
            arrays.add(initialOutput.castTo(x.dataType()));
            arrays.add(initialCell.castTo(x.dataType()));
        }
        return new OpInputs(arrays, inputWeights, recurrentWeights, bias, lengths, initialState);
    }

    private DynamicCustomOp op(String name, OpInputs in, boolean keepLast, List<INDArray> inputs, List<INDArray> outputs) {
        return DynamicCustomOp.builder(name)
                .addInputs(inputs.toArray(INDArray[]::new))
                .addOutputs(outputs.toArray(INDArray[]::new))
                .addIntegerArguments(nwc() ? NTS : NST, 0 /* forward */, SIGMOID, TANH, TANH)
                .addFloatingPointArguments(0.0 /* no cell clipping */)
                // biases, sequence lengths, initial output, initial cell, peepholes, whole sequence, last output, last cell
                .addBooleanArguments(true, in.lengths(), in.initialState(), in.initialState(), false, true, keepLast,
                        keepLast)
                .build();
    }

    /** DL4J's parameter (gate blocks as columns) with its blocks in libnd4j's order. */
    private static INDArray toFused(INDArray dl4j, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        long hidden = dl4j.size(1) / 4;
        INDArray fused = workspaceMgr.createUninitialized(type, dl4j.dataType(), dl4j.shape(), 'c');
        for (int block = 0; block < 4; block++) {
            fused.get(all(), interval(block * hidden, (block + 1) * hidden))
                    .assign(dl4j.get(all(), interval(DL4J_BLOCK[block] * hidden, (DL4J_BLOCK[block] + 1) * hidden)));
        }
        return fused;
    }

    /** Writes a gradient from libnd4j's gate order into DL4J's gradient view. */
    private static INDArray toDl4j(INDArray fused, INDArray view) {
        long hidden = fused.size(1) / 4;
        for (int block = 0; block < 4; block++) {
            view.get(all(), interval(DL4J_BLOCK[block] * hidden, (DL4J_BLOCK[block] + 1) * hidden))
                    .assign(fused.get(all(), interval(block * hidden, (block + 1) * hidden)));
        }
        return view;
    }

    /** Each sequence's length when every row of the mask is ones then zeros; null for any other mask. */
    static int[] prefixLengths(INDArray mask) {
        if (mask.rank() != 2) {
            return null;
        }
        float[][] rows = mask.toFloatMatrix();
        int[] lengths = new int[rows.length];
        for (int row = 0; row < rows.length; row++) {
            int length = 0;
            while (length < rows[row].length && rows[row][length] != 0) {
                length++;
            }
            for (int step = length; step < rows[row].length; step++) {
                if (rows[row][step] != 0) {
                    return null;
                }
            }
            lengths[row] = length;
        }
        return lengths;
    }

    private boolean nwc() {
        return TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NWC;
    }

    private int timeAxis() {
        return nwc() ? 1 : 2;
    }

    private static INDArray contiguous(INDArray array, ArrayType type, LayerWorkspaceMgr workspaceMgr) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array)
                ? array : workspaceMgr.dup(type, array, 'c');
    }
}
