package dev.seqtrain.model;

import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.deeplearning4j.nn.params.SimpleRnnParamInitializer.BIAS_KEY;
import static org.deeplearning4j.nn.params.SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY;
import static org.deeplearning4j.nn.params.SimpleRnnParamInitializer.WEIGHT_KEY;

/**
 * DL4J's simple RNN layer ({@code h = tanh(x W + h' RW + b)}) computed by seqtrain's
 * {@link RecurrentEngine}: same configuration, parameters, masking and state. Layer normalisation
 * and activations other than tanh run DL4J's own code, which this class extends. In truncated BPTT
 * the engine differentiates the pass it ran from the carried state, where DL4J's layer recomputes the
 * segment from a zero state for its gradient.
 */
public class FusedSimpleRnnLayer extends SimpleRnn implements EngineGlue.Access {
    private final transient EngineGlue glue;

    public FusedSimpleRnnLayer(NeuralNetConfiguration conf, DataType dataType) {
        this(conf, dataType, RecurrentEngine.Cell.RNN);
    }

    /** A layer with a simple RNN's parameter keys and plumbing whose engine computes {@code cell} (the GRU's). */
    protected FusedSimpleRnnLayer(NeuralNetConfiguration conf, DataType dataType, RecurrentEngine.Cell cell) {
        super(conf, dataType);
        this.glue = new EngineGlue(cell, WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!engineApplies()) {
            return super.activate(training, workspaceMgr);
        }
        return glue.forward(this, training, null, null, STATE_KEY_PREV_ACTIVATION, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!engineApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        return glue.backward(this, epsilon, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int backwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        if (!engineApplies() || backwardLength < input.size(nwc() ? 1 : 2)) {
            return shortSegmentGradient(epsilon, backwardLength, workspaceMgr);
        }
        return glue.backward(this, epsilon, workspaceMgr);
    }

    /** A backward pass shorter than the forward one, or one the engine does not compute: DL4J's own. */
    protected Pair<Gradient, INDArray> shortSegmentGradient(INDArray epsilon, int backwardLength,
                                                            LayerWorkspaceMgr workspaceMgr) {
        return super.tbpttBackpropGradient(epsilon, backwardLength, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!engineApplies()) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        return glue.forward(this, false, stateMap, stateMap, STATE_KEY_PREV_ACTIVATION, null, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!engineApplies()) {
            return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
        }
        return glue.forward(this, training, tBpttStateMap, storeLastForTBPTT ? tBpttStateMap : null,
                STATE_KEY_PREV_ACTIVATION, null, workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        glue.forget();
    }

    @Override
    public INDArray inputForPass(boolean training, LayerWorkspaceMgr workspaceMgr) {
        applyDropOutIfNecessary(training, workspaceMgr);
        return input;
    }

    @Override
    public INDArray parameter(String key, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(key, training, workspaceMgr);
    }

    @Override
    public INDArray gradientView(String key) {
        return gradientViews.get(key);
    }

    @Override
    public INDArray mask() {
        return maskArray;
    }

    @Override
    public INDArray afterDropout(INDArray inputGradient) {
        return backpropDropOutIfPresent(inputGradient);
    }

    @Override
    public void clearWeightNoise() {
        weightNoiseParams.clear();
    }

    @Override
    public boolean nwc() {
        return TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NWC;
    }

    @Override
    public long hidden() {
        return layerConf().getNOut();
    }

    @Override
    public INDArray input() {
        return input;
    }

    /** A tanh RNN without layer normalisation in float or double: what the engine computes. */
    protected boolean engineApplies() {
        return layerConf().getActivationFn() instanceof ActivationTanH && !hasLayerNorm() && engineAppliesToArrays();
    }

    /** Float or double input with a mask of one value per example and step, or none. */
    protected final boolean engineAppliesToArrays() {
        return glue.applies(this);
    }
}
