package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.Pooling;
import dev.seqtrain.config.RecurrentEngineKind;
import dev.seqtrain.config.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every readout of a classifier ignores padding: a padded sequence is classified as the sequence alone. */
class PoolingTest {
    @ParameterizedTest
    @EnumSource(Pooling.class)
    void paddingAfterTheDataChangesNoReadout(Pooling pooling) {
        ModelConfig model = new ModelConfig(CellType.GRU, 6, 1, false, 0, 0, "xavier", Updater.ADAM, 1.0, 0,
                RecurrentEngineKind.FUSED, pooling);
        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.classifier(model, 3, 4, 0.01, 1.0, 5));
        INDArray sequence = Nd4j.rand(DataType.FLOAT, 1, 3, 5);
        INDArray padded = Nd4j.zeros(DataType.FLOAT, 1, 3, 8);
        padded.put(new org.nd4j.linalg.indexing.INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 5)}, sequence);
        padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(5, 8)).assign(7); // not zeros
        INDArray mask = Nd4j.createFromArray(new float[][]{{1, 1, 1, 1, 1, 0, 0, 0}});
        INDArray alone = network.output(sequence);
        INDArray masked = network.output(padded, false, mask, null);
        assertEquals(4, alone.size(1));
        assertArrayEquals(alone.toFloatVector(), masked.toFloatVector(), 1e-5f, pooling + " reads the real steps only");
    }
}
