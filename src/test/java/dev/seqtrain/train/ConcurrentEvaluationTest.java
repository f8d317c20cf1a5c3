package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Evaluation never waits on a queue: DL4J's EvaluationRunner could lose a wake-up when two tasks of
 * one JVM evaluated at once and hang forever. Here sixteen partitions are scored by tasks that run two
 * at a time in this JVM, from two driver threads at once, forty times: every evaluation finishes, and
 * all give the same answer.
 */
class ConcurrentEvaluationTest {
    @Test
    @Timeout(120)
    void manyConcurrentEvaluationsAllFinishWithTheSameScores() throws Exception {
        List<DataSet> windows = IntStream.range(0, 320).mapToObj(i -> {
            SplittableRandom random = new SplittableRandom(i);
            float[] x = new float[2 * 6];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextGaussian();
            }
            return new DataSet(Nd4j.create(x, new long[]{1, 2, 6}, 'c'), Nd4j.create(new float[]{x[5]}, new long[]{1, 1}, 'c'));
        }).toList();
        Shards shards = Shards.of(SharedSpark.context().parallelize(windows, 16), ArrayShard::of,
                StorageLevel.MEMORY_AND_DISK());
        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.forecaster(new ModelConfig(CellType.LSTM, 4, 1),
                2, 1, false, 0.01, 5));
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(SharedSpark.context(),
                new TrainingConfig(1, 0.01, 8, 1, 2, 5));
        ExecutorService drivers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Double>> losses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                losses.add(drivers.submit(() -> trainer.evaluate(network, shards, Evaluator.regression(new double[]{1.0}),
                        0, "concurrent evaluation").validationLoss()));
            }
            double first = losses.get(0).get();
            for (Future<Double> loss : losses) {
                assertEquals(first, loss.get(), 1e-9);
            }
        } finally {
            drivers.shutdownNow();
            shards.release();
        }
    }
}
