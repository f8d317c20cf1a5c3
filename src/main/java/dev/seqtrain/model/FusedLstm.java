package dev.seqtrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link LSTM} configuration, run by {@link FusedLstmLayer} on seqtrain's recurrent engine:
 * the same parameters in the same layout, so a network can switch between the two and a published
 * model warm-starts either. Serialised by class name like any DL4J layer (models saved when this
 * class ran libnd4j's fused lstmLayer op load onto the engine).
 */
public class FusedLstm extends LSTM {

    /** For Jackson. */
    public FusedLstm() {
    }

    /** The engine's twin of a configured stock LSTM: every setting copied. */
    public static FusedLstm of(LSTM stock) {
        return LayerCopies.copy(stock, new FusedLstm(), LSTM.class);
    }

    /** DL4J's own LSTM with this layer's settings. */
    public LSTM toStock() {
        return LayerCopies.copy(this, new LSTM(), LSTM.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerCopies.wire(new FusedLstmLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer(), initializeParams);
    }
}
