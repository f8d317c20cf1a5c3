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
 * same order, the same updater (Adam) state and iteration count carried between averaging rounds
 * and epochs.
 */
class SingleWorkerEquivalenceTest {
    private static final int BATCH = 8;
    private static final int BATCHES = 8;
    private static final long SEED = 7;

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

    /** Fits {@code local} on the minibatches one worker fits in {@code epoch}: its shard's order for that epoch. */
    private static void fitLikeOneWorker(MultiLayerNetwork local, List<DataSet> train, int epoch) {
        ArrayShard shard = ArrayShard.of(train.iterator());
        for (int[] minibatch : shard.minibatches(BATCH, ParameterAveragingTrainer.shardSeed(SEED, epoch, 0))) {
            local.fit(shard.minibatch(minibatch));
        }
    }

    @Test
    void oneWorkerOverSeveralEpochsKeepsAdamCountingLikeLocalFit() {
        MultiLayerConfiguration conf = NetworkFactory.forecaster(new ModelConfig(CellType.LSTM, 6, 1), 3, 1, false, 0.01, 7);
        List<DataSet> train = windows(BATCH * BATCHES, 3, 10, 21);
        MultiLayerNetwork local = NetworkFactory.init(conf.clone());
        MultiLayerNetwork distributed = local.clone();
        for (int epoch = 1; epoch <= 3; epoch++) {
            fitLikeOneWorker(local, train, epoch);
        }
        JavaSparkContext sc = SharedSpark.context();
        // Two rounds per epoch: the updater state and the iteration count travel between rounds.
        ParameterAveragingTrainer.Trained trained = fit(new TrainingConfig(3, 0.01, BATCH, BATCHES / 2, 1, SEED),
                distributed, train);
        assertEquals(3 * BATCHES, trained.network().getIterationCount(), "the driver counts every minibatch");
        assertEquals(3, trained.network().getEpochCount());
        assertArrayEquals(local.params().toFloatVector(), trained.network().params().toFloatVector(), 1e-5f);
    }

    @Test
    void oneWorkerGivesTheParametersOfLocalFitOnTheSameMinibatches() {
        MultiLayerConfiguration conf = NetworkFactory.forecaster(new ModelConfig(CellType.LSTM, 6, 2), 3, 1, false, 0.01, 7);
        List<DataSet> train = windows(BATCH * BATCHES, 3, 10, 11);

        MultiLayerNetwork local = NetworkFactory.init(conf.clone());
        MultiLayerNetwork distributed = local.clone();
        float[] initial = local.params().toFloatVector();
        fitLikeOneWorker(local, train, 1);

        ParameterAveragingTrainer.Trained trained = fit(new TrainingConfig(1, 0.01, BATCH, BATCHES, 1, SEED),
                distributed, train);
        float[] expected = local.params().toFloatVector();
        float[] actual = trained.network().params().toFloatVector();
        assertTrue(maxAbsDifference(initial, expected) > 1e-3, "training moved the parameters");
        assertArrayEquals(expected, actual, 1e-5f);
        assertEquals(1, trained.epochs().size());
    }

    private static ParameterAveragingTrainer.Trained fit(TrainingConfig config, MultiLayerNetwork network,
                                                         List<DataSet> train) {
        Shards shards = AveragingEquivalenceTest.shards(train, 1);
        Shards validation = AveragingEquivalenceTest.shards(windows(16, 3, 10, 12), 1);
        try {
            return new ParameterAveragingTrainer(SharedSpark.context(), config).fit(network, shards, validation,
                    Evaluator.regression(new double[]{1.0}), 1, (result, current) -> true);
        } finally {
            shards.release();
            validation.release();
        }
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
