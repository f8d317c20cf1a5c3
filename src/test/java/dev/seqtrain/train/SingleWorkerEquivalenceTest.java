package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameter averaging with one worker must be exactly local training: the same minibatches in the
 * same order, the same updater (Adam) state carried between averagings. DL4J's Spark module is
 * unmaintained upstream; this test notices if it stops training what we think it trains.
 */
class SingleWorkerEquivalenceTest {
    private static final int BATCH = 8;
    private static final int BATCHES = 8;

    private static List<DataSet> windows(int count, int features, int steps, long seed) {
        Random random = new Random(seed);
        List<DataSet> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[features * steps];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextGaussian();
            }
            windows.add(new DataSet(Nd4j.create(x, new long[]{1, features, steps}, 'c'),
                    Nd4j.create(new float[]{(float) random.nextGaussian()}, new long[]{1, 1}, 'c')));
        }
        return windows;
    }

    @Test
    void oneWorkerOverSeveralEpochsKeepsAdamCountingLikeLocalFit() {
        MultiLayerConfiguration conf = NetworkFactory.forecaster(new ModelConfig(CellType.LSTM, 6, 1), 3, 1, false, 0.01, 7);
        List<DataSet> train = windows(BATCH * BATCHES, 3, 10, 21);
        MultiLayerNetwork local = NetworkFactory.init(conf.clone());
        MultiLayerNetwork distributed = local.clone();
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int b = 0; b < BATCHES; b++) {
                local.fit(DataSet.merge(train.subList(b * BATCH, (b + 1) * BATCH)));
            }
        }
        JavaSparkContext sc = SharedSpark.context();
        ParameterAveragingTrainer.Trained trained = new ParameterAveragingTrainer(sc,
                new TrainingConfig(3, 0.01, BATCH, BATCHES, 1, 0, 7))
                .fit(distributed, sc.parallelize(train, 1), train.size(), sc.parallelize(windows(16, 3, 10, 22), 1),
                        new double[]{1.0}, epoch -> { });
        assertEquals(3 * BATCHES, trained.network().getIterationCount(), "the driver counts every minibatch");
        assertArrayEquals(local.params().toFloatVector(), trained.network().params().toFloatVector(), 1e-5f);
    }

    @Test
    void oneWorkerGivesTheParametersOfLocalFitOnTheSameMinibatches() {
        MultiLayerConfiguration conf = NetworkFactory.forecaster(new ModelConfig(CellType.LSTM, 6, 2), 3, 1, false, 0.01, 7);
        List<DataSet> train = windows(BATCH * BATCHES, 3, 10, 11);

        MultiLayerNetwork local = NetworkFactory.init(conf.clone());
        MultiLayerNetwork distributed = local.clone();
        float[] initial = local.params().toFloatVector();
        for (int b = 0; b < BATCHES; b++) {
            local.fit(DataSet.merge(train.subList(b * BATCH, (b + 1) * BATCH)));
        }

        // One worker, and every window fits in one averaging round, so DL4J neither splits nor reshuffles.
        TrainingConfig oneWorker = new TrainingConfig(1, 0.01, BATCH, BATCHES, 1, 0, 7);
        JavaSparkContext sc = SharedSpark.context();
        ParameterAveragingTrainer.Trained trained = new ParameterAveragingTrainer(sc, oneWorker)
                .fit(distributed, sc.parallelize(train, 1), train.size(), sc.parallelize(windows(16, 3, 10, 12), 1), new double[]{1.0},
                        epoch -> { });

        float[] expected = local.params().toFloatVector();
        float[] actual = trained.network().params().toFloatVector();
        assertTrue(maxAbsDifference(initial, expected) > 1e-3, "training moved the parameters");
        assertArrayEquals(expected, actual, 1e-5f);
        assertEquals(1, trained.epochs().size());
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
