package dev.seqtrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@link SimpleRnn} configuration, run by {@link FusedSimpleRnnLayer} on seqtrain's recurrent
 * engine: the same parameters in the same layout, so a network can switch between the two and a
 * published model warm-starts either. Serialised by class name like any DL4J layer.
 */
public class FusedSimpleRnn extends SimpleRnn {

    /** For Jackson (DL4J's own no-argument constructor is private). */
    public FusedSimpleRnn() {
        super(new SimpleRnn.Builder());
    }

    /** The engine's twin of a configured stock simple RNN: every setting copied. */
    public static FusedSimpleRnn of(SimpleRnn stock) {
        return LayerCopies.copy(stock, new FusedSimpleRnn(), SimpleRnn.class);
    }

    /** DL4J's own simple RNN with this layer's settings. */
    public SimpleRnn toStock() {
        return LayerCopies.copy(this, new SimpleRnn.Builder().build(), SimpleRnn.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedSimpleRnn", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerCopies.wire(new FusedSimpleRnnLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer(), initializeParams);
    }
}
