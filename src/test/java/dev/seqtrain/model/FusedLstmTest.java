package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.util.MaskZeroLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.profiler.OpProfiler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused LSTM must compute what DL4J's own LSTM computes: DL4J's numerical gradient checks in
 * double precision, and outputs and gradients equal to the stock layer's with the same parameters,
 * with and without masks, stacked, bidirectional, under truncated BPTT and step by step. Each case
 * also counts the native {@code lstmLayer} calls, so a silent fallback to the stock code would fail it.
 */
class FusedLstmTest {
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
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** An LSTM layer, fused or DL4J's own, from the same builder settings. */
    private static Layer lstm(boolean fused, int in) {
        LSTM stock = new LSTM.Builder().nIn(in).nOut(HIDDEN).activation(Activation.TANH).build();
        return fused ? FusedLstm.of(stock) : stock;
    }

    private static NeuralNetConfiguration.ListBuilder base(double learningRate) {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(learningRate == 0 ? new NoOp() : new Sgd(learningRate)).list();
    }

    /** Many-to-many: an LSTM and a regression at every step. */
    private static MultiLayerConfiguration sequenceModel(boolean fused) {
        return base(0).layer(lstm(fused, FEATURES))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build()).build();
    }

    /** Many-to-one, as seqtrain's classifiers: two stacked LSTMs, the last real step into a softmax. */
    private static MultiLayerConfiguration lastStepClassifier(boolean fused) {
        return base(0).layer(lstm(fused, FEATURES)).layer(new LastTimeStep(lstm(fused, HIDDEN)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build();
    }

    /**
     * Padded steps as zero inputs: DL4J's MaskZeroLayer hands the LSTM the mask (a network's feature mask
     * never reaches an LSTM in DL4J: it only masks the output layer and LastTimeStep).
     */
    private static MultiLayerConfiguration maskZeroSequenceModel(boolean fused) {
        return base(0).layer(new MaskZeroLayer(lstm(fused, FEATURES), 0.0))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES)).build(); // wrappers leave the output layer's format unset
    }

    private static MultiLayerConfiguration bidirectional(boolean fused) {
        return base(0).layer(new Bidirectional(Bidirectional.Mode.CONCAT, lstm(fused, FEATURES)))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(2 * HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(FEATURES)).build(); // as above
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf) {
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private static INDArray gaussian(long... shape) {
        return Nd4j.randn(DataType.DOUBLE, shape);
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
        INDArray x = gaussian(mask.size(0), FEATURES, STEPS);
        for (int feature = 0; feature < FEATURES; feature++) {
            x.get(NDArrayIndex.all(), NDArrayIndex.point(feature), NDArrayIndex.all()).muli(mask);
        }
        return x;
    }

    /** Native lstmLayer/lstmLayer_bp calls made by {@code work}. */
    private static long fusedCalls(Runnable work) {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.ALL);
        OpProfiler.getInstance().reset();
        work.run();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        return OpProfiler.getInstance().getOpCounter().getCount("lstmLayer")
                + OpProfiler.getInstance().getOpCounter().getCount("lstmLayer_bp");
    }

    /** DL4J's gradient check passes, on a network whose forward and backward passes use the fused ops. */
    private static void assertGradientsCheck(MultiLayerNetwork network, INDArray x, INDArray y, INDArray featuresMask,
                                             INDArray labelsMask) {
        assertTrue(fusedCalls(() -> {
            network.setInput(x);
            network.setLabels(y);
            network.setLayerMaskArrays(featuresMask, labelsMask);
            network.computeGradientAndScore();
        }) >= 2, "lstmLayer and lstmLayer_bp called");
        boolean passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network).input(x)
                .labels(y).inputMask(featuresMask).labelMask(labelsMask).epsilon(1e-6).maxRelError(1e-5)
                .minAbsoluteError(1e-9));
        assertTrue(passed, "DL4J's gradient check");
    }

    @Test
    void gradientsMatchNumericalGradientsWithoutMask() {
        assertGradientsCheck(init(sequenceModel(true)), gaussian(MINIBATCH, FEATURES, STEPS),
                gaussian(MINIBATCH, 2, STEPS), null, null);
    }

    @Test
    void gradientsMatchNumericalGradientsForTheLastRealStep() {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertGradientsCheck(init(lastStepClassifier(true)), padded(mask), oneHot(MINIBATCH, 3), mask, null);
    }

    /** The LSTM itself masked: libnd4j's sequence lengths. */
    @Test
    void gradientsMatchNumericalGradientsWithStartAlignedPadding() {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertGradientsCheck(init(maskZeroSequenceModel(true)), padded(mask), gaussian(MINIBATCH, 2, STEPS), null, mask);
    }

    @Test
    void gradientsMatchNumericalGradientsBidirectional() {
        assertGradientsCheck(init(bidirectional(true)), gaussian(MINIBATCH, FEATURES, STEPS),
                gaussian(MINIBATCH, 2, STEPS), null, null);
    }

    /** Output and every parameter's gradient from both layers, with the stock network's parameters. */
    private static void assertSameAsStock(Function<Boolean, MultiLayerConfiguration> model, INDArray x, INDArray y,
                                          INDArray featuresMask, INDArray labelsMask, boolean expectFused) {
        MultiLayerNetwork stock = init(model.apply(false));
        MultiLayerNetwork fused = init(model.apply(true));
        fused.setParams(stock.params());

        INDArray expectedOutput = stock.output(x, false, featuresMask, labelsMask);
        stock.setInput(x);
        stock.setLabels(y);
        stock.setLayerMaskArrays(featuresMask, labelsMask);
        stock.computeGradientAndScore();

        INDArray[] output = new INDArray[1];
        long calls = fusedCalls(() -> {
            output[0] = fused.output(x, false, featuresMask, labelsMask);
            fused.setInput(x);
            fused.setLabels(y);
            fused.setLayerMaskArrays(featuresMask, labelsMask);
            fused.computeGradientAndScore();
        });
        assertEquals(expectFused, calls > 0, "fused ops used");
        assertArrayEquals(expectedOutput.data().asDouble(), output[0].data().asDouble(), 1e-12);
        assertEquals(stock.score(), fused.score(), 1e-12);
        assertArrayEquals(stock.gradient().gradient().data().asDouble(), fused.gradient().gradient().data().asDouble(),
                1e-12);
    }

    @Test
    void equalsTheStockLayerWithoutMask() {
        assertSameAsStock(FusedLstmTest::sequenceModel, gaussian(MINIBATCH, FEATURES, STEPS),
                gaussian(MINIBATCH, 2, STEPS), null, null, true);
    }

    @Test
    void equalsTheStockLayerForTheLastRealStep() {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertSameAsStock(FusedLstmTest::lastStepClassifier, padded(mask), oneHot(MINIBATCH, 3), mask, null, true);
    }

    @Test
    void equalsTheStockLayerWithStartAlignedPadding() {
        INDArray mask = mask(false, 6, 2, 4, 1, 5);
        assertSameAsStock(FusedLstmTest::maskZeroSequenceModel, padded(mask), gaussian(MINIBATCH, 2, STEPS), null,
                mask, true);
    }

    /** Padding aligned at the end needs the state zeroed until each sequence starts: DL4J's own code does it. */
    @Test
    void endAlignedPaddingRunsTheStockCodeWithTheSameResult() {
        INDArray mask = mask(true, 6, 2, 4, 1, 5);
        assertSameAsStock(FusedLstmTest::maskZeroSequenceModel, padded(mask), gaussian(MINIBATCH, 2, STEPS), null,
                mask, false);
    }

    @Test
    void equalsTheStockLayerBidirectional() {
        assertSameAsStock(FusedLstmTest::bidirectional, gaussian(MINIBATCH, FEATURES, STEPS),
                gaussian(MINIBATCH, 2, STEPS), null, null, true);
    }

    @Test
    void truncatedBpttTrainsTheSameParameters() {
        Function<Boolean, MultiLayerConfiguration> model = fused -> base(0.1).layer(lstm(fused, FEATURES))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4).tBPTTBackwardLength(4).build();
        MultiLayerNetwork stock = init(model.apply(false));
        MultiLayerNetwork fused = init(model.apply(true));
        fused.setParams(stock.params());
        DataSet longSequences = new DataSet(gaussian(MINIBATCH, FEATURES, 12), gaussian(MINIBATCH, 2, 12));
        for (int i = 0; i < 3; i++) {
            stock.fit(longSequences);
        }
        assertTrue(fusedCalls(() -> {
            for (int i = 0; i < 3; i++) {
                fused.fit(longSequences);
            }
        }) > 0);
        assertArrayEquals(stock.params().data().asDouble(), fused.params().data().asDouble(), 1e-10);
    }

    @Test
    void stepByStepOutputCarriesStateLikeTheStockLayer() {
        MultiLayerNetwork stock = init(sequenceModel(false));
        MultiLayerNetwork fused = init(sequenceModel(true));
        fused.setParams(stock.params());
        INDArray x = gaussian(2, FEATURES, STEPS);
        long calls = fusedCalls(() -> {
            for (int step = 0; step < STEPS; step++) {
                INDArray input = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(step, step + 1));
                assertArrayEquals(stock.rnnTimeStep(input).data().asDouble(), fused.rnnTimeStep(input).data().asDouble(),
                        1e-12);
            }
        });
        assertEquals(STEPS, calls);
    }

    @Test
    void survivesJsonAndModelFiles() throws IOException {
        MultiLayerConfiguration conf = lastStepClassifier(true);
        MultiLayerConfiguration parsed = MultiLayerConfiguration.fromJson(conf.toJson());
        assertInstanceOf(FusedLstm.class, parsed.getConf(0).getLayer());
        assertEquals(HIDDEN, ((FusedLstm) parsed.getConf(0).getLayer()).getNOut());

        MultiLayerNetwork network = init(conf);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertInstanceOf(FusedLstmLayer.class, restored.getLayer(0));
        assertEquals(network.params(), restored.params());
    }

    /** A published model warm-starts on the layer the job asks for: same parameters, same updater state. */
    @Test
    void networksSwitchLayersKeepingParametersAndUpdaterState() {
        ModelConfig model = new ModelConfig(CellType.LSTM, HIDDEN, 2).withFusedLstm(false);
        MultiLayerNetwork stock = NetworkFactory.init(NetworkFactory.forecaster(model, FEATURES, 1, false, 0.01, 3));
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, MINIBATCH, FEATURES, STEPS),
                Nd4j.rand(DataType.FLOAT, MINIBATCH, 1));
        stock.fit(batch);
        stock.fit(batch);

        MultiLayerNetwork fused = NetworkFactory.withFusedLstm(stock, true);
        assertInstanceOf(FusedLstmLayer.class, fused.getLayer(0));
        assertInstanceOf(FusedLstm.class,
                ((LastTimeStep) fused.getLayerWiseConfigurations().getConf(1).getLayer()).getUnderlying());
        assertEquals(stock.params(), fused.params());
        assertEquals(stock.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray());
        stock.fit(batch);
        fused.fit(batch);
        assertArrayEquals(stock.params().toFloatVector(), fused.params().toFloatVector(), 1e-5f);

        assertSame(fused, NetworkFactory.withFusedLstm(fused, true), "nothing to switch");
        assertEquals(org.deeplearning4j.nn.layers.recurrent.LSTM.class,
                NetworkFactory.withFusedLstm(fused, false).getLayer(0).getClass());
    }

    @Test
    void prefixLengthsOnlyForStartAlignedMasks() {
        assertArrayEquals(new int[]{6, 2, 0}, FusedLstmLayer.prefixLengths(mask(false, 6, 2, 0)));
        INDArray gap = mask(false, 6);
        gap.putScalar(0, 3, 0.0);
        assertNull(FusedLstmLayer.prefixLengths(gap));
    }
}
