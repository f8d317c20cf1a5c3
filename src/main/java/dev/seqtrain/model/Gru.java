package dev.seqtrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A gated recurrent unit layer, which DL4J lacks, computed by seqtrain's recurrent engine
 * ({@link GruLayer}). As PyTorch and cuDNN define it, for input {@code x} and previous output
 * {@code h'}:
 * <pre>
 *   r = sigmoid(x W_r + b_ir + h' RW_r + b_hr)          reset gate
 *   u = sigmoid(x W_u + b_iu + h' RW_u + b_hu)          update gate
 *   n = tanh(x W_n + b_in + r * (h' RW_n + b_hn))       candidate: the reset gate scales the recurrent part
 *   h = (1 - u) * n + u * h'
 * </pre>
 * Parameters as {@link GruParamInitializer} lays them out: {@code 3H(I + H + 2)} per layer. It takes
 * DL4J's recurrent settings (sizes, weight initialisation, dropout) through a {@link SimpleRnn}
 * configuration, whose class it extends; its activations are fixed (sigmoid gates, tanh candidate).
 */
public class Gru extends SimpleRnn {

    /** For Jackson, which reads saved models by class name. */
    public Gru() {
        super(new SimpleRnn.Builder());
    }

    /** A GRU with the sizes and settings of a configured simple RNN. */
    public static Gru of(SimpleRnn settings) {
        return LayerCopies.copy(settings, new Gru(), SimpleRnn.class);
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.getInstance();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("Gru", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerCopies.wire(new GruLayer(conf, networkDataType), conf, listeners, layerIndex, paramsView,
                initializer(), initializeParams);
    }
}
