package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GRU against an independent reference (PyTorch's {@code nn.GRU} on the same parameters, its
 * values written out below), its parameter count, and what a layer must also do: step by step as in one
 * pass, carried state, model files. Its gradient checks are in {@code FusedRecurrentLayersTest}.
 */
class GruTest {
    @BeforeEach
    void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(7);
    }

    @AfterEach
    void restoreDefaults() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** A GRU of {@code hidden} units whose outputs an identity output layer passes through unchanged. */
    private static MultiLayerNetwork passThrough(int inputs, int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(Gru.of(new SimpleRnn.Builder().nIn(inputs).nOut(hidden).build()))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(hidden)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork network = NetworkFactory.init(conf);
        network.getLayer(1).setParam("W", Nd4j.eye(hidden));
        network.getLayer(1).setParam("b", Nd4j.zeros(DataType.DOUBLE, 1, hidden));
        return network;
    }

    @Test
    void computesWhatPyTorchsGruComputes() {
        MultiLayerNetwork network = passThrough(2, 2);
        // W [inputs, 3H] and RW [H, 3H], blocks reset, update, candidate; b: the input biases, then the recurrent.
        network.getLayer(0).setParam("W", Nd4j.createFromArray(new double[][]{
                {0.5, -0.3, 0.2, 0.1, -0.4, 0.6}, {0.1, 0.2, -0.5, 0.3, 0.25, -0.15}}));
        network.getLayer(0).setParam("RW", Nd4j.createFromArray(new double[][]{
                {0.3, 0.1, -0.2, 0.4, 0.5, -0.3}, {-0.1, 0.2, 0.35, -0.25, 0.15, 0.45}}));
        network.getLayer(0).setParam("b", Nd4j.createFromArray(new double[][]{
                {0.1, -0.1, 0.05, 0.2, -0.3, 0.15, -0.05, 0.1, 0.15, -0.1, 0.2, 0.05}}));
        INDArray x = Nd4j.createFromArray(new double[][][]{{{1.0, 0.3}, {-0.5, 0.8}}}); // [1, inputs, steps]
        long before = RecurrentEngine.stepsComputed();
        INDArray h = network.output(x);
        assertEquals(2, RecurrentEngine.stepsComputed() - before, "the engine ran");
        // torch.nn.GRU(2, 2) with weight_ih = W', weight_hh = RW', bias_ih = b[:6], bias_hh = b[6:], in double.
        double[] pytorch = {-0.207402415588512, 0.335637174677624, -0.173543564990891, 0.335681987100954};
        for (int t = 0; t < 2; t++) {
            for (int unit = 0; unit < 2; unit++) {
                assertEquals(pytorch[2 * t + unit], h.getDouble(0, unit, t), 1e-12, "step " + t + ", unit " + unit);
            }
        }
    }

    @Test
    void hasThreeHTimesInputsPlusHiddenPlusTwoParameters() {
        MultiLayerNetwork network = passThrough(5, 7);
        assertEquals(3 * 7 * (5 + 7 + 2), network.getLayer(0).numParams());
        assertEquals(CellType.GRU.parameters(5, 7), network.getLayer(0).numParams());
        assertEquals("3H(I+H+2) = 3×7×(5+7+2) = 294", ParameterCounts.recurrentLayer(CellType.GRU, 5, 7).formula());
        MultiLayerNetwork stacked = NetworkFactory.init(NetworkFactory.forecaster(
                new ModelConfig(CellType.GRU, 8, 2), 3, 1, false, 0.01, 1));
        assertEquals(ParameterCounts.stack(CellType.GRU, 3, 8, 2, 1).total(), stacked.numParams());
    }

    @Test
    void stepByStepEqualsOnePassAndModelFilesRoundTrip() throws IOException {
        MultiLayerNetwork network = passThrough(3, 4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5).subi(0.5);
        INDArray whole = network.output(x);
        network.rnnClearPreviousState();
        for (int t = 0; t < 5; t++) {
            INDArray step = network.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(t, t + 1)));
            assertArrayEquals(values(whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))),
                    values(step.reshape(2, 4)), 1e-12, "step " + t + " carries the state of the ones before");
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, file, true);
        MultiLayerNetwork read = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file.toByteArray()),
                true);
        assertTrue(read.getLayer(0) instanceof GruLayer, read.getLayer(0).getClass().getName());
        assertArrayEquals(values(whole), values(read.output(x)), 0, "the same network from its file");
    }

    @Test
    void aMaskedStepResetsTheState() {
        MultiLayerNetwork network = passThrough(3, 4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 4);
        INDArray mask = Nd4j.createFromArray(new double[][]{{0, 0, 1, 1}});
        INDArray masked = network.output(x, false, mask, null);
        INDArray tail = network.output(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(2, 4)));
        assertArrayEquals(values(tail), values(masked.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(2, 4))), 1e-12, "padding before the data leaves no state behind");
    }

    private static double[] values(INDArray array) {
        return array.dup('c').data().asDouble();
    }
}
