package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.Pooling;
import dev.seqtrain.config.RecurrentEngineKind;
import dev.seqtrain.config.Updater;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's second oracle: with plain SGD, averaging after every minibatch, and equal examples per
 * worker, the average of the workers' steps is one step on their combined minibatch, because the
 * loss is a mean over examples. Masked variable-length inputs, for both cells.
 */
class AveragingEquivalenceTest {
    private static final int WORKERS = 2;
    private static final int BATCH = 4;
    private static final int STEPS = 7;

    /** Windows of 3 features whose last steps are masked out at random: variable lengths. */
    private static List<DataSet> maskedWindows(int count, long seed) {
        Random random = new Random(seed);
        List<DataSet> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[3 * STEPS];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextGaussian();
            }
            int length = 3 + random.nextInt(STEPS - 2);
            float[] mask = new float[STEPS];
            for (int s = 0; s < length; s++) {
                mask[s] = 1f;
            }
            windows.add(new DataSet(Nd4j.create(x, new long[]{1, 3, STEPS}, 'c'),
                    Nd4j.create(new float[]{(float) random.nextGaussian()}, new long[]{1, 1}, 'c'),
                    Nd4j.create(mask, new long[]{1, STEPS}, 'c'), null));
        }
        return windows;
    }

    static Shards shards(List<DataSet> examples, int workers) {
        return Shards.balanced(SharedSpark.context().parallelize(examples, workers), ArrayShard::of, workers,
                StorageLevel.MEMORY_AND_DISK());
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void averagingEveryStepWithSgdEqualsOneStepOnTheCombinedMinibatch(CellType cell) {
        ModelConfig model = new ModelConfig(cell, 5, 1, false, 0, 0, "xavier", Updater.SGD, 0, 0,
                RecurrentEngineKind.FUSED, Pooling.LAST);
        MultiLayerConfiguration conf = NetworkFactory.forecaster(model, 3, 1, false, 0.1, 11);
        MultiLayerNetwork local = NetworkFactory.init(conf.clone());
        MultiLayerNetwork distributed = local.clone();
        float[] initial = local.params().toFloatVector();

        JavaSparkContext sc = SharedSpark.context();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc,
                new TrainingConfig(1, 0.1, BATCH, 1, WORKERS, 11));
        Shards validation = shards(maskedWindows(4, 7), 1);
        for (int round = 0; round < 3; round++) {
            // One shard per worker with one minibatch each: one averaging round per fit.
            List<DataSet> combined = maskedWindows(WORKERS * BATCH, 100 + round);
            local.fit(DataSet.merge(combined));
            Shards train = shards(combined, WORKERS);
            trainer.fit(distributed, train, validation, Evaluator.regression(new double[]{1.0}), 1, (r, n) -> true);
            train.release();
        }
        validation.release();
        float[] expected = local.params().toFloatVector();
        double moved = 0;
        for (int i = 0; i < expected.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - initial[i]));
        }
        assertTrue(moved > 1e-3, "training moved the parameters");
        assertArrayEquals(expected, distributed.params().toFloatVector(), 1e-5f);
    }
}
