package dev.seqtrain.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;

/**
 * DL4J's plumbing for seqtrain's own layers: copying a layer configuration's settings into another
 * class (DL4J's builders make only their own), and wiring a new layer as DL4J's own layers do.
 */
final class LayerCopies {
    private LayerCopies() {
    }

    /** Every instance field of {@code declaring} and its superclasses, from {@code from} into {@code to}. */
    static <T> T copy(Object from, T to, Class<?> declaring) {
        try {
            for (Class<?> type = declaring; type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(to, field.get(from));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy DL4J's " + declaring.getSimpleName() + " configuration", e);
        }
        return to;
    }

    /** Gives a new layer its listeners, index, parameters and configuration, as DL4J's {@code instantiate} does. */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                    int index, INDArray paramsView, ParamInitializer initializer,
                                    boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
