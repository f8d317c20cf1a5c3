package dev.seqtrain.model;

import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.deeplearning4j.nn.params.LSTMParamInitializer.BIAS_KEY;
import static org.deeplearning4j.nn.params.LSTMParamInitializer.INPUT_WEIGHT_KEY;
import static org.deeplearning4j.nn.params.LSTMParamInitializer.RECURRENT_WEIGHT_KEY;

/**
 * DL4J's LSTM layer computed by seqtrain's {@link RecurrentEngine}: the same configuration and
 * parameters in the same layout, the same masking and state handling, checked against DL4J's layer
 * and by DL4J's gradient checks. Anything the engine does not compute (gate activations other than
 * sigmoid with tanh, half precision) runs DL4J's own code, which this class extends.
 *
 * <p>Where DL4J's layer and the engine differ, the engine is the exact gradient of what was computed:
 * with padding at the start (end-aligned masks) DL4J's backward pass lets gradient into the padded
 * steps' biases. In truncated BPTT both differentiate each segment from the state carried into it.
 */
public class FusedLstmLayer extends LSTM implements EngineGlue.Access {
    private final transient EngineGlue glue = new EngineGlue(RecurrentEngine.Cell.LSTM, INPUT_WEIGHT_KEY,
            RECURRENT_WEIGHT_KEY, BIAS_KEY);

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
        if (!engineApplies()) {
            return super.activate(training, workspaceMgr);
        }
        return forward(training, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!engineApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        return backward(epsilon, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int backwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        if (!engineApplies() || backwardLength < input.size(timeAxis())) {
            return super.tbpttBackpropGradient(epsilon, backwardLength, workspaceMgr);
        }
        return backward(epsilon, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!engineApplies()) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        return forward(false, stateMap, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!engineApplies()) {
            return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
        }
        // Starts from the stored state; keeps the new one only when asked.
        return glue.forward(this, training, tBpttStateMap, storeLastForTBPTT ? tBpttStateMap : null,
                STATE_KEY_PREV_ACTIVATION, STATE_KEY_PREV_MEMCELL, workspaceMgr);
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

    @Override
    public void clear() {
        super.clear();
        glue.forget();
    }

    /** @param state where the initial state comes from and the last one goes (null: zeros, not kept) */
    private INDArray forward(boolean training, Map<String, INDArray> state, LayerWorkspaceMgr workspaceMgr) {
        return glue.forward(this, training, state, state, STATE_KEY_PREV_ACTIVATION, STATE_KEY_PREV_MEMCELL,
                workspaceMgr);
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return glue.backward(this, epsilon, workspaceMgr);
    }

    /** Sigmoid gates with a tanh cell in float or double: what the engine computes exactly as DL4J defines it. */
    private boolean engineApplies() {
        org.deeplearning4j.nn.conf.layers.LSTM conf = layerConf();
        return conf.getGateActivationFn() instanceof ActivationSigmoid && conf.getActivationFn() instanceof ActivationTanH
                && glue.applies(this);
    }

    private int timeAxis() {
        return nwc() ? 1 : 2;
    }
}
