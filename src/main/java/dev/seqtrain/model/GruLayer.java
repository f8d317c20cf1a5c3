package dev.seqtrain.model;

import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The {@link Gru} layer, computed by seqtrain's {@link RecurrentEngine}: masking (a masked step resets
 * the state, as in DL4J's own layers), carried state for truncated BPTT and {@code rnnTimeStep}. It has
 * a simple RNN's parameter keys and recurrent-layer plumbing (state maps, dropout, workspaces), which it
 * takes from {@link FusedSimpleRnnLayer}; never its arithmetic: with no GRU of DL4J's to fall back on,
 * what the engine cannot compute is refused.
 */
public class GruLayer extends FusedSimpleRnnLayer {
    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType, RecurrentEngine.Cell.GRU);
    }

    /** Float or double arrays, a mask of one value per example and step: what the engine computes, or refused. */
    @Override
    protected boolean engineApplies() {
        if (!engineAppliesToArrays()) {
            throw new UnsupportedOperationException("the GRU runs on seqtrain's recurrent engine only: float or "
                    + "double [minibatch, features, steps] input with a [minibatch, steps] mask, got "
                    + (input == null ? "no input" : input.dataType() + " " + Arrays.toString(input.shape())));
        }
        return true;
    }

    @Override
    protected Pair<Gradient, INDArray> shortSegmentGradient(INDArray epsilon, int backwardLength,
                                                            LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("the GRU differentiates whole segments: set the backward truncation "
                + "length (tbptt-length) equal to the forward one");
    }
}
