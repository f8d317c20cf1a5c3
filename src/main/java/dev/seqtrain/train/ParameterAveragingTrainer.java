package dev.seqtrain.train;

import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.EpochProgress;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.TrainingStats;
import dev.seqtrain.storage.RunFolder;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Spark glue: parameter averaging over shards that stay in place. Each worker keeps its shard of the
 * training examples (cached once, deserialised) and, round after round, fits the next
 * {@code averaging-frequency} minibatches of its own epoch order; the driver broadcasts the averaged
 * parameters and updater state and sums the workers' results, as DL4J's
 * {@code ParameterAveragingTrainingMaster} does, but no round ever rereads or reshuffles the data, so
 * an epoch costs time in proportion to its examples. The averaged network is scored on the
 * validation shards, on the workers, after every epoch.
 */
public final class ParameterAveragingTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);
    /**
     * Past this many workers their results are summed in a tree (two levels) before they reach the driver;
     * for fewer, a plain reduce saves the extra stage's latency, paid every averaging round.
     */
    private static final int TREE_AGGREGATION_WORKERS = 16;
    /** How often a long epoch logs where it is. */
    private static final long PROGRESS_NANOS = 30_000_000_000L;

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private Path statsDirectory;

    public ParameterAveragingTrainer(JavaSparkContext sc, TrainingConfig config) {
        this.sc = sc;
        this.config = config;
    }

    /** Training tasks sharing one JVM's native memory: every worker in local mode, else an executor's task slots. */
    public int tasksPerExecutor() {
        if (sc.isLocal()) {
            return workers();
        }
        return Math.max(1, sc.getConf().getInt("spark.executor.cores", 1) / sc.getConf().getInt("spark.task.cpus", 1));
    }

    /** Workers used for averaging: the configured number, else Spark's default parallelism. */
    public int workers() {
        return config.workers() > 0 ? config.workers() : sc.defaultParallelism();
    }

    /** The level the shards are kept at: always deserialised, so a round reads its examples in place. */
    public StorageLevel storageLevel() {
        return StorageLevel.fromString(config.storageLevel());
    }

    /** With {@code training.collect-stats}, each epoch's rounds go to {@code <run>/training-stats/}. */
    public ParameterAveragingTrainer inRunFolder(Path run) {
        this.statsDirectory = config.collectStats() ? new Path(run, RunFolder.TRAINING_STATS) : null;
        return this;
    }

    /** Decides after each epoch whether training goes on; may checkpoint the network. */
    public interface EpochListener {
        boolean afterEpoch(EpochResult result, MultiLayerNetwork network);
    }

    /**
     * An epoch's scores; see {@link EpochResult} for each field.
     *
     * @param nonFinite validation outputs that were NaN or infinite
     */
    public record Scores(double trainLoss, double validationLoss, ErrorSummary validation,
                         List<ErrorSummary> validationByOutput, Classification classification, Score score,
                         long nonFinite) {
        /** Whether training has diverged: a loss or a validation output is not a finite number. */
        boolean diverged() {
            return !Double.isFinite(trainLoss) || !Double.isFinite(validationLoss) || nonFinite > 0
                    || validation != null && !Double.isFinite(validation.rmse());
        }
    }

    /** The averaged network and what each epoch achieved. */
    public record Trained(MultiLayerNetwork network, List<EpochResult> epochs) {
    }

    /**
     * Fits {@code network} from {@code firstEpoch} (after a resume, the epoch after the checkpoint's)
     * to the last epoch, or until the listener says stop.
     */
    public Trained fit(MultiLayerNetwork network, Shards train, Shards validation, Evaluator evaluator, int firstEpoch,
                       EpochListener listener) {
        String run = UUID.randomUUID().toString();
        Broadcast<String> configuration = sc.broadcast(network.getLayerWiseConfigurations().toJson());
        try {
            List<EpochResult> results = new ArrayList<>();
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                Epoch fitted = fitEpoch(network, train, epoch, run, configuration, results);
                double fitSeconds = seconds(start);
                Scores scores = evaluate(network, validation, evaluator, fitted.meanLoss(), run, configuration,
                        "evaluation after epoch " + epoch);
                if (scores.diverged()) {
                    throw new TrainingDivergedException(String.format(Locale.ROOT, "training diverged in epoch %d: "
                                    + "training loss %s, validation loss %s, %d validation outputs not finite; a model "
                                    + "that predicts NaN or infinity is never published. Lower training.learning-rate, "
                                    + "keep model.gradient-clip on, or check the scale of the input's columns", epoch,
                            scores.trainLoss(), scores.validationLoss(), scores.nonFinite()));
                }
                EpochResult result = new EpochResult(epoch, scores.trainLoss(), scores.validationLoss(),
                        scores.validation(), scores.validationByOutput(), scores.classification(), scores.score(),
                        fitSeconds,
                        seconds(start), train.examples() / fitSeconds);
                results.add(result);
                if (statsDirectory != null) {
                    writeStats(fitted.stats(), epoch, fitSeconds);
                }
                if (!listener.afterEpoch(result, network)) {
                    break;
                }
            }
            return new Trained(network, List.copyOf(results));
        } finally {
            WorkerNetworks.forget(run);
            configuration.destroy();
        }
    }

    private record Epoch(double meanLoss, TrainingStats stats) {
    }

    /**
     * One epoch: as many rounds as the largest shard needs; in an epoch's last rounds a worker whose
     * shard has run out sits the round out, and the average is over the workers that fitted.
     */
    private Epoch fitEpoch(MultiLayerNetwork network, Shards train, int epoch, String run,
                           Broadcast<String> configuration, List<EpochResult> earlier) {
        int batch = config.batchSizePerWorker();
        int frequency = config.averagingFrequency();
        long most = 0;
        for (long size : train.sizes()) {
            most = Math.max(most, size);
        }
        int rounds = (int) Math.max(1, ((most + batch - 1) / batch + frequency - 1) / frequency);
        long seed = config.seed();
        TrainingStats stats = new TrainingStats(epoch);
        Progress progress = new Progress(epoch, train.examples(), earlier);
        double lossSum = 0;
        long examples = 0;
        for (int round = 0; round < rounds; round++) {
            long roundStart = System.nanoTime();
            Broadcast<NetworkState> state = sc.broadcast(NetworkState.of(network));
            double broadcastSeconds = seconds(roundStart);
            int r = round;
            RoundResult result;
            try {
                // The stage's name in Spark's UI, its logs and a stall report.
                sc.setCallSite(String.format(Locale.ROOT, "epoch %d, averaging round %d of %d", epoch, round + 1,
                        rounds));
                result = sum(train.rdd().mapPartitionsWithIndex((partition, shard) -> fitRound(partition, shard, run,
                        configuration, state, batch, frequency, shardSeed(seed, epoch, partition), r), true),
                        RoundResult::add);
            } finally {
                sc.clearCallSite();
                state.destroy();
            }
            if (!Double.isFinite(result.lossSum())) {
                throw new TrainingDivergedException(String.format(Locale.ROOT, "training diverged in epoch %d, "
                        + "averaging round %d of %d: the training loss became %s; nothing is published. Lower "
                        + "training.learning-rate, keep model.gradient-clip on, or check the scale of the input's "
                        + "columns", epoch, round + 1, rounds, result.lossSum()));
            }
            long averageStart = System.nanoTime();
            result.averageInto(network, network.getIterationCount());
            lossSum += result.lossSum();
            examples += result.examples();
            stats.add(round, broadcastSeconds, seconds(roundStart), seconds(averageStart), result.workers());
            progress.update(examples);
        }
        network.incrementEpochCount();
        return new Epoch(examples == 0 ? Double.NaN : lossSum / examples, stats);
    }

    /**
     * The seed of a shard's minibatch order in an epoch: per epoch, so a resumed run fits the minibatches
     * an uninterrupted one would, and per partition, so workers do not walk their shards alike.
     */
    public static long shardSeed(long seed, int epoch, int partition) {
        return (seed * 1_000_003L + epoch) * 31 + partition;
    }

    /** A worker's part of one round: the next minibatches of its shard's epoch order, from the broadcast state. */
    private static Iterator<RoundResult> fitRound(int partition, Iterator<ExampleShard> shards, String run,
                                                  Broadcast<String> configuration, Broadcast<NetworkState> state,
                                                  int batch, int frequency, long seed, int round) {
        ExampleShard shard = shards.next();
        List<int[]> minibatches = shard.minibatches(batch, seed);
        int from = round * frequency;
        int to = Math.min(from + frequency, minibatches.size());
        if (from >= to) {
            return Collections.emptyIterator();
        }
        long start = System.nanoTime();
        MultiLayerNetwork network = WorkerNetworks.borrow(run, configuration.value());
        try {
            state.value().applyTo(network);
            double lossSum = 0;
            long examples = 0;
            for (int b = from; b < to; b++) {
                DataSet minibatch = shard.minibatch(minibatches.get(b));
                network.fit(minibatch);
                lossSum += network.score() * minibatch.numExamples();
                examples += minibatch.numExamples();
            }
            return List.of(RoundResult.of(network, new TrainingStats.Worker(partition, to - from, examples,
                    seconds(start)), lossSum)).iterator();
        } finally {
            WorkerNetworks.giveBack(run, network);
        }
    }

    /** Scores {@code network} on {@code shards} with {@code evaluator}, on the workers. */
    public Scores evaluate(MultiLayerNetwork network, Shards shards, Evaluator evaluator, double trainLoss,
                           String what) {
        String run = UUID.randomUUID().toString();
        Broadcast<String> configuration = sc.broadcast(network.getLayerWiseConfigurations().toJson());
        try {
            return evaluate(network, shards, evaluator, trainLoss, run, configuration, what);
        } finally {
            WorkerNetworks.forget(run);
            configuration.destroy();
        }
    }

    private Scores evaluate(MultiLayerNetwork network, Shards shards, Evaluator evaluator, double trainLoss,
                            String run, Broadcast<String> configuration, String what) {
        Broadcast<NetworkState> state = sc.broadcast(NetworkState.of(network));
        try {
            sc.setCallSite(what);
            double[] sums = sum(shards.rdd().map(shard -> {
                double[] counts = new double[evaluator.width()];
                MultiLayerNetwork worker = WorkerNetworks.borrow(run, configuration.value());
                try {
                    state.value().applyTo(worker);
                    evaluator.addShard(counts, worker, shard);
                } finally {
                    WorkerNetworks.giveBack(run, worker);
                }
                return counts;
            }), ParameterAveragingTrainer::add);
            return evaluator.scores(sums, trainLoss);
        } finally {
            sc.clearCallSite();
            state.destroy();
        }
    }

    /** The workers' results summed: in a tree past {@link #TREE_AGGREGATION_WORKERS}, else straight at the driver. */
    private static <T> T sum(JavaRDD<T> results, Function2<T, T, T> add) {
        return results.getNumPartitions() > TREE_AGGREGATION_WORKERS ? results.treeReduce(add, 2) : results.reduce(add);
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** Logs where a long epoch is, every half minute: examples done, rate, ETA of the epoch and of the run. */
    private final class Progress {
        private final int epoch;
        private final long examples;
        private final List<EpochResult> earlier;
        private final long start = System.nanoTime();
        private long lastLine = start;

        Progress(int epoch, long examples, List<EpochResult> earlier) {
            this.epoch = epoch;
            this.examples = examples;
            this.earlier = earlier;
        }

        void update(long done) {
            long now = System.nanoTime();
            if (now - lastLine >= PROGRESS_NANOS && done < examples) {
                lastLine = now;
                LOG.info(EpochProgress.within(epoch, config.epochs(), done, examples, (now - start) / 1e9, earlier));
            }
        }
    }

    private void writeStats(TrainingStats stats, int epoch, double fitSeconds) {
        LOG.info(stats.summary(fitSeconds));
        Path file = new Path(statsDirectory, "epoch-" + epoch + ".json");
        try (OutputStream out = file.getFileSystem(sc.hadoopConfiguration()).create(file, true)) {
            out.write(stats.json().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot write the training stats to {}: {}", file, e.toString());
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
