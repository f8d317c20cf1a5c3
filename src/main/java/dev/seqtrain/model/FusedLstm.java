package dev.seqtrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * DL4J's {@link LSTM} configuration, run by {@link FusedLstmLayer} on libnd4j's fused {@code lstmLayer}
 * op: the same parameters in the same layout, so a network can switch between the two and a published
 * model warm-starts either. Serialised by class name like any DL4J layer.
 */
public class FusedLstm extends LSTM {

    /** For Jackson. */
    public FusedLstm() {
    }

    /** The fused twin of a configured stock LSTM: every setting copied (DL4J's builder makes only LSTMs). */
    public static FusedLstm of(LSTM stock) {
        return copy(stock, new FusedLstm());
    }

    /** DL4J's own LSTM with this layer's settings. */
    public LSTM toStock() {
        return copy(this, new LSTM());
    }

    private static <T extends LSTM> T copy(LSTM from, T to) {
        try {
            for (Class<?> type = LSTM.class; type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(to, field.get(from));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy DL4J's LSTM configuration", e);
        }
        return to;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        FusedLstmLayer layer = new FusedLstmLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
