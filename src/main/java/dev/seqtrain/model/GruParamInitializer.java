package dev.seqtrain.model;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

/**
 * A {@link Gru}'s parameters in one flat view, as DL4J lays out its other recurrent layers: input
 * weights {@code W [nIn, 3H]}, recurrent weights {@code RW [H, 3H]} (column-major, blocks reset, update,
 * candidate) and biases {@code b [1, 6H]}: the three input biases, then the three recurrent ones. In all
 * {@code 3H(I + H + 2)} parameters, PyTorch's {@code nn.GRU} count.
 */
public final class GruParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    private static final GruParamInitializer INSTANCE = new GruParamInitializer();

    private GruParamInitializer() {
    }

    public static GruParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        SimpleRnn c = (SimpleRnn) layer;
        return 3 * c.getNOut() * (c.getNIn() + c.getNOut() + 2);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        SimpleRnn c = (SimpleRnn) conf.getLayer();
        long nIn = c.getNIn();
        long hidden = c.getNOut();
        Map<String, INDArray> params = subsets(paramsView, nIn, hidden);
        if (initializeParams) {
            IWeightInit recurrent = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent()
                    : c.getWeightInitFn();
            c.getWeightInitFn().init(nIn, 3 * hidden, new long[]{nIn, 3 * hidden}, 'f', params.get(WEIGHT_KEY));
            recurrent.init(hidden, 3 * hidden, new long[]{hidden, 3 * hidden}, 'f', params.get(RECURRENT_WEIGHT_KEY));
            params.get(BIAS_KEY).assign(c.getBiasInit());
        }
        conf.addVariable(WEIGHT_KEY);
        conf.addVariable(RECURRENT_WEIGHT_KEY);
        conf.addVariable(BIAS_KEY);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        SimpleRnn c = (SimpleRnn) conf.getLayer();
        return subsets(gradientView, c.getNIn(), c.getNOut());
    }

    private static Map<String, INDArray> subsets(INDArray flat, long nIn, long hidden) {
        long weights = nIn * 3 * hidden;
        long recurrent = hidden * 3 * hidden;
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put(WEIGHT_KEY, flat.get(interval(0, 0, true), interval(0, weights)).reshape('f', nIn, 3 * hidden));
        params.put(RECURRENT_WEIGHT_KEY, flat.get(interval(0, 0, true), interval(weights, weights + recurrent))
                .reshape('f', hidden, 3 * hidden));
        params.put(BIAS_KEY, flat.get(interval(0, 0, true), interval(weights + recurrent,
                weights + recurrent + 6 * hidden)));
        return params;
    }
}
