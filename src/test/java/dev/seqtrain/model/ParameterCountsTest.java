package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParameterCountsTest {

    /** What DL4J itself counts, layer by layer, for the same stack. */
    private static long[] dl4jCounts(CellType cell, int inputs, int hidden, int layers, int outputs, boolean manyToMany) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(1).list();
        for (int i = 0; i < layers; i++) {
            BaseRecurrentLayer.Builder<?> builder = cell == CellType.LSTM ? new LSTM.Builder() : new SimpleRnn.Builder();
            BaseRecurrentLayer recurrent = builder.nIn(i == 0 ? inputs : hidden).nOut(hidden)
                    .activation(Activation.TANH).build();
            list.layer(i == layers - 1 && !manyToMany ? new LastTimeStep(recurrent) : recurrent);
        }
        list.layer(manyToMany
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(outputs)
                        .activation(Activation.IDENTITY).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(outputs)
                        .activation(Activation.IDENTITY).build());
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        long[] counts = new long[network.getnLayers()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = network.getLayer(i).numParams();
        }
        assertEquals(network.numParams(), java.util.Arrays.stream(counts).sum());
        return counts;
    }

    @ParameterizedTest(name = "{0} I={1} H={2} layers={3} O={4} many-to-many={5}")
    @CsvSource({
            "RNN, 2, 8, 1, 1, false",
            "LSTM, 2, 8, 1, 1, false",
            "RNN, 8, 64, 1, 3, false",
            "LSTM, 8, 64, 1, 3, false",
            "RNN, 3, 16, 2, 2, false",
            "LSTM, 3, 16, 2, 2, false",
            "RNN, 5, 12, 2, 5, true",
            "LSTM, 5, 12, 2, 5, true",
    })
    void closedFormsMatchDl4jLayerByLayer(CellType cell, int inputs, int hidden, int layers, int outputs,
                                          boolean manyToMany) {
        ParameterCounts.Stack stack = ParameterCounts.stack(cell, inputs, hidden, layers, outputs);
        long[] expected = dl4jCounts(cell, inputs, hidden, layers, outputs, manyToMany);
        assertEquals(expected.length, stack.layers().size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], stack.layers().get(i).parameters(), "layer " + i);
        }
    }

    @Test
    void formulasShowTheSizesAndTheSum() {
        ParameterCounts.Stack lstm = ParameterCounts.stack(CellType.LSTM, 2, 8, 1, 1);
        assertEquals(List.of("4H(I+H+1) = 4×8×(2+8+1) = 352", "O(H+1) = 1×(8+1) = 9"),
                lstm.layers().stream().map(ParameterCounts.Layer::formula).toList());
        assertEquals("352 + 9 = 361", lstm.formula());
        assertEquals(361, lstm.total());
        assertEquals("2 → lstm 8 → dense 1", lstm.structure());
        assertEquals("H(I+H+1) = 64×(8+64+1) = 4,672",
                ParameterCounts.stack(CellType.RNN, 8, 64, 1, 1).layers().get(0).formula());
    }

    @Test
    void matchedRnnHasAboutTheLstmsParameters() {
        long lstm = ParameterCounts.stack(CellType.LSTM, 2, 64, 1, 1).total();
        int hidden = ParameterCounts.rnnHiddenMatching(lstm, 2, 1, 1);
        long below = ParameterCounts.stack(CellType.RNN, 2, hidden - 1, 1, 1).total();
        long at = ParameterCounts.stack(CellType.RNN, 2, hidden, 1, 1).total();
        long above = ParameterCounts.stack(CellType.RNN, 2, hidden + 1, 1, 1).total();
        assertEquals(Math.min(Math.abs(at - lstm), Math.min(Math.abs(below - lstm), Math.abs(above - lstm))),
                Math.abs(at - lstm));
        assertEquals(129, hidden); // 17,158 parameters against the LSTM's 17,217: about twice the width
    }
}
