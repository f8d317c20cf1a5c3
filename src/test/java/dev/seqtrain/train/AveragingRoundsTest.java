package dev.seqtrain.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What makes an epoch linear in the data: the examples are read from their source once per run, and
 * each averaging round turns into minibatches only the examples it fits.
 */
class AveragingRoundsTest {
    private static final int EXAMPLES = 200;
    private static final int WORKERS = 2;
    private static final int BATCH = 4;
    private static final int FREQUENCY = 2;
    /** Examples turned into minibatches, counted in this JVM (local mode: the workers run here). */
    private static final AtomicLong MATERIALISED = new AtomicLong();

    @TempDir
    Path dir;

    /** A shard that counts the examples it hands out as minibatches. */
    private static final class CountingShard extends ExampleShard {
        private final ExampleShard inner;

        CountingShard(ExampleShard inner) {
            this.inner = inner;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public DataSet minibatch(int[] indices) {
            MATERIALISED.addAndGet(indices.length);
            return inner.minibatch(indices);
        }

        @Override
        ExampleShard slice(int from, int to) {
            return new CountingShard(inner.slice(from, to));
        }

        @Override
        ExampleShard concat(List<ExampleShard> following) {
            return new CountingShard(inner.concat(following.stream().map(s -> ((CountingShard) s).inner).toList()));
        }
    }

    private static DataSet window(int index) {
        SplittableRandom random = new SplittableRandom(index);
        float[] x = new float[2 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new DataSet(Nd4j.create(x, new long[]{1, 2, 5}, 'c'), Nd4j.create(new float[]{x[4]}, new long[]{1, 1}, 'c'));
    }

    @Test
    void eachRoundReadsOnlyItsOwnMinibatchesAndTheSourceIsReadOnce() throws IOException {
        JavaSparkContext sc = SharedSpark.context();
        LongAccumulator sourceReads = sc.sc().longAccumulator("source reads");
        // Three source partitions for two workers: the shards are rebalanced once, by one shuffle.
        Shards train = Shards.balanced(sc.parallelize(IntStream.range(0, EXAMPLES).boxed().toList(), 3).map(i -> {
            sourceReads.add(1);
            return window(i);
        }), part -> new CountingShard(ArrayShard.of(part)), WORKERS, StorageLevel.MEMORY_AND_DISK());
        Shards validation = AveragingEquivalenceTest.shards(IntStream.range(EXAMPLES, EXAMPLES + 20)
                .mapToObj(AveragingRoundsTest::window).toList(), 1);
        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.forecaster(new ModelConfig(CellType.RNN, 4, 1),
                2, 1, false, 0.01, 3));
        TrainingConfig config = new TrainingConfig(3, 0.01, BATCH, FREQUENCY, WORKERS, 5).withCollectStats(true);
        MATERIALISED.set(0);
        try {
            new ParameterAveragingTrainer(sc, config).inRunFolder(new org.apache.hadoop.fs.Path(dir.toUri()))
                    .fit(network, train, validation, Evaluator.regression(new double[]{1.0}), 1, (r, n) -> true);
        } finally {
            train.release();
            validation.release();
        }
        assertEquals(List.of(100L, 100L), java.util.Arrays.stream(train.sizes()).boxed().toList());
        assertEquals(EXAMPLES, sourceReads.value(), "the source was read once, not once per round or epoch");
        assertEquals(3L * EXAMPLES, MATERIALISED.get(), "three epochs made minibatches of every example once each");
        int rounds = (100 / BATCH + FREQUENCY - 1) / FREQUENCY;
        for (int epoch = 1; epoch <= 3; epoch++) {
            JsonNode stats = new ObjectMapper().readTree(dir.resolve("training-stats/epoch-" + epoch + ".json").toFile());
            assertEquals(rounds, stats.get("rounds").size());
            long fitted = 0;
            for (JsonNode round : stats.get("rounds")) {
                for (JsonNode worker : round.get("workers")) {
                    assertTrue(worker.get("minibatches").asInt() <= FREQUENCY);
                    fitted += worker.get("examples").asLong();
                }
            }
            assertEquals(EXAMPLES, fitted);
        }
    }
}
