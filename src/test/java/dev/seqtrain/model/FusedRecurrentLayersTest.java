package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.RecurrentEngineKind;
import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * seqtrain's recurrent engine must compute what DL4J's LSTM and SimpleRnn layers compute: DL4J's
 * numerical gradient checks in double precision, and outputs, scores and gradients equal to the
 * stock layers' with the same parameters (double, and float within its rounding), unmasked, masked
 * with padding at either end, stacked, bidirectional, step by step. Every case counts the time steps
 * the engine computed, so a silent fallback to DL4J's code fails it. The GRU, which DL4J lacks, takes
 * the gradient checks here and its reference values in {@code GruTest}.
 */
class FusedRecurrentLayersTest {
    private static final int FEATURES = 3;
    private static final int HIDDEN = 4;
    private static final int STEPS = 6;
    private static final int MINIBATCH = 5;

    // DL4J's gradient checks insist on double as ND4J's default type, not just the network's.
    @BeforeEach
    void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(12345); // the same inputs every run
    }

    @AfterEach
    void restoreDefaults() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** A recurrent layer of {@code cell}, on the engine or DL4J's own, from the same builder settings. */
    private static org.deeplearning4j.nn.conf.layers.Layer recurrent(CellType cell, boolean fused, int in) {
        if (cell == CellType.GRU) {
            return Gru.of(new SimpleRnn.Builder().nIn(in).nOut(HIDDEN).build()); // the engine's only
        }
        if (cell == CellType.LSTM) {
            LSTM stock = new LSTM.Builder().nIn(in).nOut(HIDDEN).activation(Activation.TANH).build();
            return fused ? FusedLstm.of(stock) : stock;
        }
        SimpleRnn stock = new SimpleRnn.Builder().nIn(in).nOut(HIDDEN).activation(Activation.TANH).build();
        return fused ? FusedSimpleRnn.of(stock) : stock;
    }

    private static NeuralNetConfiguration.ListBuilder base(DataType type, double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(learningRate == 0 ? new NoOp() : new Sgd(learningRate)).list();
    }

    private static RnnOutputLayer sequenceOutput(int in) {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(2)
                .activation(Activation.IDENTITY).build();
    }

    /** Many-to-many: two stacked recurrent layers and a regression at every step. */
    private static MultiLayerConfiguration stacked(CellType cell, boolean fused, DataType type) {
        return base(type, 0).layer(recurrent(cell, fused, FEATURES)).layer(recurrent(cell, fused, HIDDEN))
                .layer(sequenceOutput(HIDDEN)).build();
    }

    /** Many-to-one, as seqtrain's classifiers: the last real step's state into a softmax. */
    private static MultiLayerConfiguration lastStepClassifier(CellType cell, boolean fused, DataType type) {
        return base(type, 0).layer(recurrent(cell, fused, FEATURES)).layer(new LastTimeStep(recurrent(cell, fused, HIDDEN)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build();
    }

    /** Padded steps as zero inputs: DL4J's MaskZeroLayer hands the recurrent layer the mask. */
    private static MultiLayerConfiguration maskZero(CellType cell, boolean fused, DataType type) {
        return base(type, 0).layer(new MaskZeroLayer(recurrent(cell, fused, FEATURES), 0.0)).layer(sequenceOutput(HIDDEN))
                .setInputType(InputType.recurrent(FEATURES)).build(); // wrappers leave the output layer's format unset
    }

    private static MultiLayerConfiguration bidirectional(CellType cell, boolean fused, DataType type) {
        return base(type, 0).layer(new Bidirectional(Bidirectional.Mode.CONCAT, recurrent(cell, fused, FEATURES)))
                .layer(sequenceOutput(2 * HIDDEN)).setInputType(InputType.recurrent(FEATURES)).build();
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static INDArray gaussian(DataType type, long... shape) {
        return Nd4j.randn(DataType.DOUBLE, shape).castTo(type);
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int row = 0; row < rows; row++) {
            labels.putScalar(row, row % classes, 1.0);
        }
        return labels;
    }

    /** Ones where each row's sequence is: its first {@code lengths[row]} steps, or its last when {@code atEnd}. */
    private static INDArray mask(boolean atEnd, int... lengths) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, lengths.length, STEPS);
        for (int row = 0; row < lengths.length; row++) {
            for (int i = 0; i < lengths[row]; i++) {
                mask.putScalar(row, atEnd ? STEPS - 1 - i : i, 1.0);
            }
        }
        return mask;
    }

    /** Inputs that are zero at the mask's padded steps, as seqtrain's padding leaves them. */
    private static INDArray padded(INDArray mask) {
        INDArray x = gaussian(DataType.DOUBLE, mask.size(0), FEATURES, STEPS);
        for (int feature = 0; feature < FEATURES; feature++) {
            x.get(NDArrayIndex.all(), NDArrayIndex.point(feature), NDArrayIndex.all()).muli(mask);
        }
        return x;
    }

    /** Time steps the engine computed while {@code work} ran. */
    private static long engineSteps(Runnable work) {
        long before = RecurrentEngine.stepsComputed();
        work.run();
        return RecurrentEngine.stepsComputed() - before;
    }

    /** DL4J's gradient check passes on a network whose passes the engine computes. */
    private static void assertGradientsCheck(MultiLayerNetwork network, INDArray x, INDArray y, INDArray featuresMask,
                                             INDArray labelsMask) {
        assertTrue(engineSteps(() -> {
            network.setInput(x);
            network.setLabels(y);
            network.setLayerMaskArrays(featuresMask, labelsMask);
            network.computeGradientAndScore();
        }) > 0, "the engine ran");
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network).input(x)
                .labels(y).inputMask(featuresMask).labelMask(labelsMask).epsilon(1e-6).maxRelError(1e-5)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .minAbsoluteError(1e-8)); // a gradient of 1e-5 on a score of 5 is at the limit of double differences
        assertTrue(passed, "DL4J's gradient check");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientsCheckStackedWithoutMask(CellType cell) {
        assertGradientsCheck(init(stacked(cell, true, DataType.DOUBLE)), gaussian(DataType.DOUBLE, MINIBATCH, FEATURES,
                STEPS), gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, null);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientsCheckForTheLastRealStep(CellType cell) {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertGradientsCheck(init(lastStepClassifier(cell, true, DataType.DOUBLE)), padded(mask), oneHot(MINIBATCH, 3),
                mask, null);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientsCheckWithPaddingAfterTheData(CellType cell) {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertGradientsCheck(init(maskZero(cell, true, DataType.DOUBLE)), padded(mask),
                gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, mask);
    }

    /** Padding before the data: the state is reset until each sequence starts, and no gradient leaks into it. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientsCheckWithPaddingBeforeTheData(CellType cell) {
        INDArray mask = mask(true, 6, 2, 4, 1, 5);
        assertGradientsCheck(init(maskZero(cell, true, DataType.DOUBLE)), padded(mask),
                gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, mask);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void gradientsCheckBidirectional(CellType cell) {
        assertGradientsCheck(init(bidirectional(cell, true, DataType.DOUBLE)), gaussian(DataType.DOUBLE, MINIBATCH,
                FEATURES, STEPS), gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, null);
    }

    private record Pass(INDArray output, double score, INDArray gradient) {
    }

    private static Pass pass(MultiLayerNetwork network, INDArray x, INDArray y, INDArray featuresMask,
                             INDArray labelsMask) {
        INDArray output = network.output(x, false, featuresMask, labelsMask);
        network.setInput(x);
        network.setLabels(y);
        network.setLayerMaskArrays(featuresMask, labelsMask);
        network.computeGradientAndScore();
        return new Pass(output.dup(), network.score(), network.gradient().gradient().dup());
    }

    /**
     * Output, score and every parameter's gradient from both implementations, with the stock network's
     * parameters, to {@code tolerance} (relative to the largest value).
     */
    private static void assertSameAsStock(Function<Boolean, MultiLayerConfiguration> model, INDArray x, INDArray y,
                                          INDArray featuresMask, INDArray labelsMask, double tolerance) {
        MultiLayerNetwork stock = init(model.apply(false));
        MultiLayerNetwork fused = init(model.apply(true));
        fused.setParams(stock.params());
        Pass expected = pass(stock, x, y, featuresMask, labelsMask);
        Pass[] actual = new Pass[1];
        assertTrue(engineSteps(() -> actual[0] = pass(fused, x, y, featuresMask, labelsMask)) > 0, "the engine ran");
        assertClose(expected.output(), actual[0].output(), tolerance, "output");
        assertEquals(expected.score(), actual[0].score(), tolerance * Math.abs(expected.score()), "score");
        assertClose(expected.gradient(), actual[0].gradient(), tolerance, "gradient");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(e, a, tolerance * Math.max(scale, 1e-12), what);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void equalsTheStockLayersStacked(CellType cell) {
        assertSameAsStock(fused -> stacked(cell, fused, DataType.DOUBLE), gaussian(DataType.DOUBLE, MINIBATCH, FEATURES,
                STEPS), gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, null, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void equalsTheStockLayersInFloat(CellType cell) {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        // Float tanh and sigmoid are approximations within a few float roundings of the exact ones.
        assertSameAsStock(fused -> lastStepClassifier(cell, fused, DataType.FLOAT), padded(mask).castTo(DataType.FLOAT),
                oneHot(MINIBATCH, 3).castTo(DataType.FLOAT), mask.castTo(DataType.FLOAT), null, 2e-5);
        assertSameAsStock(fused -> stacked(cell, fused, DataType.FLOAT), gaussian(DataType.FLOAT, MINIBATCH, FEATURES,
                STEPS), gaussian(DataType.FLOAT, MINIBATCH, 2, STEPS), null, null, 2e-5);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void equalsTheStockLayersForTheLastRealStep(CellType cell) {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertSameAsStock(fused -> lastStepClassifier(cell, fused, DataType.DOUBLE), padded(mask), oneHot(MINIBATCH, 3),
                mask, null, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void equalsTheStockLayersWithPaddingAfterTheData(CellType cell) {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertSameAsStock(fused -> maskZero(cell, fused, DataType.DOUBLE), padded(mask),
                gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, mask, 1e-12);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void equalsTheStockLayersBidirectional(CellType cell) {
        assertSameAsStock(fused -> bidirectional(cell, fused, DataType.DOUBLE), gaussian(DataType.DOUBLE, MINIBATCH,
                FEATURES, STEPS), gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS), null, null, 1e-12);
    }

    /**
     * Padding before the data: both compute the same output, and DL4J's simple RNN the same gradient;
     * DL4J's LSTM ignores the mask in its backward pass and lets gradient into the padded steps' bias
     * (the engine's gradient is the one the gradient check above confirms).
     */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void paddingBeforeTheDataAgreesWithTheStockLayersWhereTheyAreExact(CellType cell) {
        INDArray mask = mask(true, 6, 2, 4, 1, 5);
        INDArray x = padded(mask);
        INDArray y = gaussian(DataType.DOUBLE, MINIBATCH, 2, STEPS);
        MultiLayerNetwork stock = init(maskZero(cell, false, DataType.DOUBLE));
        MultiLayerNetwork fused = init(maskZero(cell, true, DataType.DOUBLE));
        fused.setParams(stock.params());
        Pass expected = pass(stock, x, y, null, mask);
        Pass actual = pass(fused, x, y, null, mask);
        assertClose(expected.output(), actual.output(), 1e-12, "output");
        Map<String, INDArray> stockGradients = stock.gradient().gradientForVariable();
        Map<String, INDArray> fusedGradients = fused.gradient().gradientForVariable();
        for (String key : stockGradients.keySet()) {
            if (cell == CellType.LSTM && key.equals("0_b")) {
                assertNotEquals(stockGradients.get(key), fusedGradients.get(key), "DL4J's LSTM bias gradient leaks");
            } else {
                assertClose(stockGradients.get(key), fusedGradients.get(key), 1e-9, key);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void stepByStepOutputCarriesStateLikeTheStockLayers(CellType cell) {
        MultiLayerNetwork stock = init(stacked(cell, false, DataType.DOUBLE));
        MultiLayerNetwork fused = init(stacked(cell, true, DataType.DOUBLE));
        fused.setParams(stock.params());
        INDArray x = gaussian(DataType.DOUBLE, 2, FEATURES, STEPS);
        long steps = engineSteps(() -> {
            for (int step = 0; step < STEPS; step++) {
                INDArray input = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(step, step + 1));
                assertClose(stock.rnnTimeStep(input), fused.rnnTimeStep(input), 1e-12, "step " + step);
            }
        });
        assertEquals(2 * STEPS, steps, "both layers, one step per call");
    }

    /**
     * Truncated BPTT: a segment's forward pass starts from the state the last one left, and the engine's
     * gradient is that pass's, checked here against finite differences with the same carried state.
     */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void aCarriedStatesSegmentHasTheGradientOfThePassThatRan(CellType cell) {
        MultiLayerNetwork network = init(stacked(cell, true, DataType.DOUBLE));
        network.initGradientsView();
        BaseRecurrentLayer<?> layer = (BaseRecurrentLayer<?>) network.getLayer(0);
        INDArray first = gaussian(DataType.DOUBLE, 2, FEATURES, STEPS);
        INDArray second = gaussian(DataType.DOUBLE, 2, FEATURES, STEPS);
        INDArray weights = gaussian(DataType.DOUBLE, 2, HIDDEN, STEPS); // the loss: sum(output * weights)
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        layer.rnnClearPreviousState();
        layer.rnnActivateUsingStoredState(first, true, true, workspaces);
        Map<String, INDArray> carried = layer.rnnGetTBPTTState();
        layer.rnnActivateUsingStoredState(second, true, false, workspaces);
        Pair<Gradient, INDArray> gradient = layer.backpropGradient(weights, workspaces);

        assertEquals(3, gradient.getFirst().gradientForVariable().size(), "W, RW and b");
        INDArray parameters = layer.params();
        INDArray analytic = layer.getGradientsViewArray().dup(); // the same layout as the parameters
        double epsilon = 1e-6;
        for (int i = 0; i < parameters.length(); i++) {
            double original = parameters.getDouble(i);
            parameters.putScalar(i, original + epsilon);
            double plus = loss(layer, carried, second, weights, workspaces);
            parameters.putScalar(i, original - epsilon);
            double minus = loss(layer, carried, second, weights, workspaces);
            parameters.putScalar(i, original);
            assertEquals((plus - minus) / (2 * epsilon), analytic.getDouble(i), 1e-6, "parameter " + i);
        }
    }

    private static double loss(BaseRecurrentLayer<?> layer, Map<String, INDArray> carried, INDArray x, INDArray weights,
                               LayerWorkspaceMgr workspaces) {
        layer.rnnSetTBPTTState(carried);
        return layer.rnnActivateUsingStoredState(x, false, false, workspaces).mul(weights).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void truncatedBpttTrainsOnTheEngine(CellType cell) {
        MultiLayerNetwork network = init(base(DataType.DOUBLE, 0.1).layer(recurrent(cell, true, FEATURES))
                .layer(sequenceOutput(HIDDEN)).backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4)
                .tBPTTBackwardLength(4).build());
        DataSet longSequences = new DataSet(gaussian(DataType.DOUBLE, MINIBATCH, FEATURES, 12),
                gaussian(DataType.DOUBLE, MINIBATCH, 2, 12));
        network.fit(longSequences);
        double before = network.score(longSequences);
        long steps = engineSteps(() -> {
            for (int i = 0; i < 20; i++) {
                network.fit(longSequences);
            }
        });
        assertTrue(steps >= 20 * 12, "every segment ran on the engine: " + steps);
        assertTrue(network.score(longSequences) < before, "truncated BPTT lowered the loss");
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void survivesJsonAndModelFiles(CellType cell) throws IOException {
        MultiLayerConfiguration conf = lastStepClassifier(cell, true, DataType.DOUBLE);
        MultiLayerConfiguration parsed = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(recurrent(cell, true, FEATURES).getClass(), parsed.getConf(0).getLayer().getClass());

        MultiLayerNetwork network = init(conf);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(fusedLayer(cell), restored.getLayer(0).getClass());
        assertEquals(network.params(), restored.params());
    }

    /** A published model warm-starts on the engine the job asks for: same parameters, same updater state. */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void networksSwitchEnginesKeepingParametersAndUpdaterState(CellType cell) {
        ModelConfig model = new ModelConfig(cell, HIDDEN, 2).withEngine(RecurrentEngineKind.DL4J);
        MultiLayerNetwork stock = NetworkFactory.init(NetworkFactory.forecaster(model, FEATURES, 1, false, 0.01, 3));
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, MINIBATCH, FEATURES, STEPS),
                Nd4j.rand(DataType.FLOAT, MINIBATCH, 1));
        stock.fit(batch);
        stock.fit(batch);

        MultiLayerNetwork fused = NetworkFactory.withEngine(stock, RecurrentEngineKind.FUSED);
        assertEquals(fusedLayer(cell), fused.getLayer(0).getClass());
        assertEquals(stock.params(), fused.params());
        assertEquals(stock.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray());
        stock.fit(batch);
        fused.fit(batch);
        assertArrayEquals(stock.params().toFloatVector(), fused.params().toFloatVector(), 1e-4f);

        assertSame(fused, NetworkFactory.withEngine(fused, RecurrentEngineKind.FUSED), "nothing to switch");
        assertEquals(cell == CellType.LSTM ? org.deeplearning4j.nn.layers.recurrent.LSTM.class
                        : org.deeplearning4j.nn.layers.recurrent.SimpleRnn.class,
                NetworkFactory.withEngine(fused, RecurrentEngineKind.DL4J).getLayer(0).getClass());
    }

    private static Class<?> fusedLayer(CellType cell) {
        return cell == CellType.LSTM ? FusedLstmLayer.class : FusedSimpleRnnLayer.class;
    }

    @Test
    void gateActivationsTheEngineDoesNotComputeRunDl4jsCode() {
        LSTM hardSigmoid = new LSTM.Builder().nIn(FEATURES).nOut(HIDDEN).activation(Activation.TANH)
                .gateActivationFunction(Activation.HARDSIGMOID).build();
        MultiLayerNetwork network = init(base(DataType.DOUBLE, 0).layer(FusedLstm.of(hardSigmoid))
                .layer(sequenceOutput(HIDDEN)).build());
        assertEquals(0, engineSteps(() -> network.output(gaussian(DataType.DOUBLE, 2, FEATURES, STEPS))));
    }
}
