package dev.seqtrain.model;

import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static dev.seqtrain.model.GruParamInitializer.BIAS_KEY;
import static dev.seqtrain.model.GruParamInitializer.RECURRENT_WEIGHT_KEY;
import static dev.seqtrain.model.GruParamInitializer.WEIGHT_KEY;

/**
 * The {@link Gru} layer, computed by seqtrain's {@link RecurrentEngine}: masking (a masked step resets
 * the state, as in DL4J's own layers), carried state for truncated BPTT and {@code rnnTimeStep}. It
 * extends DL4J's simple RNN layer for the recurrent-layer plumbing (state maps, dropout, workspaces),
 * never for its arithmetic: with no GRU of DL4J's to fall back on, what the engine cannot compute is
 * refused.
 */
public class GruLayer extends SimpleRnn implements EngineGlue.Access {
    private final transient EngineGlue glue = new EngineGlue(RecurrentEngine.Cell.GRU, WEIGHT_KEY,
            RECURRENT_WEIGHT_KEY, BIAS_KEY);

    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        requireEngine();
        return glue.forward(this, training, null, null, STATE_KEY_PREV_ACTIVATION, null, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        requireEngine();
        return glue.backward(this, epsilon, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int backwardLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        requireEngine();
        if (backwardLength < input.size(nwc() ? 1 : 2)) {
            throw new UnsupportedOperationException("the GRU differentiates whole segments: set the backward "
                    + "truncation length (tbptt-length) equal to the forward one");
        }
        return glue.backward(this, epsilon, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        requireEngine();
        return glue.forward(this, false, stateMap, stateMap, STATE_KEY_PREV_ACTIVATION, null, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        requireEngine();
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

    /** Float or double arrays, a mask of one value per example and step: what the engine computes. */
    private void requireEngine() {
        if (!glue.applies(this)) {
            throw new UnsupportedOperationException("the GRU runs on seqtrain's recurrent engine only: float or "
                    + "double [minibatch, features, steps] input with a [minibatch, steps] mask, got "
                    + (input == null ? "no input" : input.dataType() + " " + java.util.Arrays.toString(input.shape())));
        }
    }
}
