package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trap behind {@link ParameterAveragingTrainer} never calling {@code SparkDl4jMultiLayer.calculateScore}:
 * Spark 3 closes an {@link AutoCloseable} broadcast value when the broadcast is removed, and ND4J
 * arrays are AutoCloseable. {@code calculateScore} broadcasts the driver's live parameter array, so
 * when the ContextCleaner later collects that broadcast, the network's own parameters are freed and
 * the next epoch crashes (seen as "You can't use DataBuffer once it was released", or a SIGSEGV).
 */
class BroadcastClosesArraysTest {
    @Test
    void removingABroadcastOfAnArrayReleasesTheArrayItself() {
        INDArray live = Nd4j.rand(1, 10);
        Broadcast<INDArray> broadcast = SharedSpark.context().broadcast(live);
        broadcast.destroy(true); // blocking, so the removal has happened when it returns
        assertTrue(live.wasClosed(), "Spark closed the driver's own array");
    }
}
