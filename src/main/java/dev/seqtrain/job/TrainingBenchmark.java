package dev.seqtrain.job;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.train.ArrayShard;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Training throughput on one fixed workload (LSTM 128 units, windows of 100 steps × 8 features,
 * 4,096 training windows, minibatches of 64, Adam): DL4J's {@code net.fit} in this JVM and Spark
 * {@code local[N]} parameter averaging, the LSTM on DL4J's layer and on the fused one, and a simple
 * RNN. Writes the data for
 * {@code scripts/bench/pytorch_lstm.py}, which times PyTorch on the same windows. Run it with
 * {@code scripts/bench-training}; prints a table and writes JSON.
 */
public final class TrainingBenchmark {
    private static final int STEPS = 100;
    private static final int FEATURES = 8;
    private static final int HIDDEN = 128;
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 0.001;
    private static final int VALIDATION_WINDOWS = 1024;
    private static final long TRAIN_SEED = 1;
    private static final long VALIDATION_SEED = 2;
    /** The benchmark's LSTM, on the fused layer (seqtrain's default). */
    private static final ModelConfig LSTM = new ModelConfig(CellType.LSTM, HIDDEN, 1);

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int windows = Integer.parseInt(options.getOrDefault("--windows", "4096"));
        int epochs = Integer.parseInt(options.getOrDefault("--epochs", "3"));
        Path out = Path.of(options.getOrDefault("--out", "target/bench/training"));
        Files.createDirectories(out);

        List<DataSet> train = generate(windows, TRAIN_SEED);
        List<DataSet> validation = generate(VALIDATION_WINDOWS, VALIDATION_SEED);
        write(train, out.resolve("train"));
        write(validation, out.resolve("validation"));

        if (Boolean.parseBoolean(options.getOrDefault("--profile", "false"))) {
            profile(train);
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(singleJvm(LSTM.withFusedLstm(false), train, validation, epochs));
        results.add(singleJvm(LSTM, train, validation, epochs));
        results.add(singleJvm(new ModelConfig(CellType.RNN, HIDDEN, 1), train, validation, epochs));
        SparkSession spark = SparkSessions.getOrCreate("seqtrain training benchmark");
        try {
            int workers = spark.sparkContext().defaultParallelism();
            results.add(averaging(spark, LSTM.withFusedLstm(false), windows, epochs, BATCH / workers, 5, null));
            results.add(averaging(spark, LSTM, windows, epochs, BATCH / workers, 5, out.resolve("spark-stats")));
            // Averaging after every minibatch: nearly one step on the combined minibatch, at a Spark job per step.
            results.add(averaging(spark, LSTM, windows, epochs, BATCH / workers, 1, null));
            // Each worker at the one-JVM minibatch size: fewer, larger steps per epoch.
            results.add(averaging(spark, LSTM, windows, epochs, BATCH, 5, null));
            results.add(averaging(spark, new ModelConfig(CellType.RNN, HIDDEN, 1), windows, epochs, BATCH / workers, 5,
                    null));
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-72s %12s %14s %12s%n", "arm", "windows/s", "epoch s", "val MSE");
        for (Map<String, Object> r : results) {
            System.out.printf(Locale.ROOT, "%-72s %12.0f %14.2f %12.5f%n", r.get("arm"), r.get("windowsPerSecond"),
                    r.get("medianEpochSeconds"), r.get("validationMse"));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", Map.of("windows", windows, "steps", STEPS, "features", FEATURES, "hidden", HIDDEN,
                "batch", BATCH, "updater", "adam", "learningRate", LEARNING_RATE, "timedEpochs", epochs));
        report.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        report.put("results", results);
        Files.writeString(out.resolve("dl4j.json"), Json.write(report));
        System.out.println("wrote " + out.resolve("dl4j.json"));
    }

    private static List<DataSet> generate(int count, long seed) {
        List<DataSet> windows = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            windows.add(window(index, seed));
        }
        return windows;
    }

    /**
     * The same windows made on the Spark workers, one shard per worker, as seqtrain's jobs cut theirs:
     * windows listed in {@code parallelize} would travel inside tasks.
     */
    private static Shards generate(JavaSparkContext sc, int count, long seed, int workers) {
        List<Integer> indices = IntStream.range(0, count).boxed().toList();
        return Shards.balanced(sc.parallelize(indices, workers), part -> {
            List<DataSet> windows = new ArrayList<>();
            part.forEachRemaining(index -> windows.add(window(index, seed)));
            return ArrayShard.of(windows.iterator());
        }, workers, StorageLevel.MEMORY_AND_DISK());
    }

    /** Window {@code index} of a set: noise whose target is the mean of feature 0 over the last 10 steps. */
    private static DataSet window(int index, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        float[] x = new float[FEATURES * STEPS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        double target = 0;
        for (int s = STEPS - 10; s < STEPS; s++) {
            target += x[s]; // feature 0 occupies the first STEPS values ([feature][step] order)
        }
        return new DataSet(Nd4j.create(x, new long[]{1, FEATURES, STEPS}, 'c'),
                Nd4j.create(new float[]{(float) (target / 10)}, new long[]{1, 1}, 'c'));
    }

    /** Raw little-endian float32: features [windows, features, steps], then labels [windows]. */
    private static void write(List<DataSet> windows, Path prefix) throws IOException {
        try (OutputStream features = Files.newOutputStream(Path.of(prefix + "-x.f32"));
             OutputStream labels = Files.newOutputStream(Path.of(prefix + "-y.f32"))) {
            for (DataSet window : windows) {
                features.write(bytes(window.getFeatures().data().asFloat()));
                labels.write(bytes(window.getLabels().data().asFloat()));
            }
        }
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static MultiLayerNetwork network(ModelConfig model) {
        return NetworkFactory.init(NetworkFactory.forecaster(model, FEATURES, 1, false, LEARNING_RATE, 42));
    }

    /** "LSTM 128, fused layer", "LSTM 128, DL4J layer", "RNN 128". */
    private static String name(ModelConfig model) {
        String cell = model.cell().key().toUpperCase(Locale.ROOT) + " " + HIDDEN;
        return model.cell() == CellType.LSTM ? cell + (model.fusedLstm() ? ", fused layer" : ", DL4J layer") : cell;
    }

    private static Map<String, Object> singleJvm(ModelConfig model, List<DataSet> train, List<DataSet> validation,
                                                 int epochs) {
        MultiLayerNetwork network = network(model);
        List<DataSet> batches = minibatches(train);
        double[] seconds = new double[epochs];
        for (int epoch = -1; epoch < epochs; epoch++) { // epoch -1 warms the JIT and ND4J up
            long start = System.nanoTime();
            batches.forEach(network::fit);
            if (epoch >= 0) {
                seconds[epoch] = (System.nanoTime() - start) / 1e9;
            }
        }
        DataSet all = DataSet.merge(validation);
        double mse = network.output(all.getFeatures()).squaredDistance(all.getLabels()) / validation.size();
        return result(name(model) + ", net.fit, one JVM", train.size(), seconds, mse);
    }

    private static List<DataSet> minibatches(List<DataSet> windows) {
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += BATCH) {
            batches.add(DataSet.merge(windows.subList(from, Math.min(windows.size(), from + BATCH))));
        }
        return batches;
    }

    /**
     * Where DL4J's LSTM spends a minibatch: ND4J's op profiler over ten {@code fit} calls, printed as
     * its dashboard (native op calls by type and name, and the slow ones).
     */
    private static void profile(List<DataSet> train) {
        MultiLayerNetwork network = network(LSTM.withFusedLstm(false));
        DataSet batch = DataSet.merge(train.subList(0, BATCH));
        for (int i = 0; i < 5; i++) {
            network.fit(batch);
        }
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            network.fit(batch);
        }
        System.out.printf(Locale.ROOT, "10 minibatches of %d windows in %.0f ms with the profiler on%n", BATCH,
                (System.nanoTime() - start) / 1e6);
        OpProfiler.getInstance().printOutDashboard();
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);

        // Forward and backward alone (no update), DL4J's layer against the fused one.
        double stock = millisPerGradient(network, batch);
        double fused = millisPerGradient(network(LSTM), batch);
        System.out.printf(Locale.ROOT, "forward + backward of one minibatch, OMP_NUM_THREADS=%s: DL4J's LSTM layer "
                + "%.1f ms, fused layer %.1f ms (%.2fx)%n", System.getenv("OMP_NUM_THREADS"), stock, fused, stock / fused);
    }

    private static double millisPerGradient(MultiLayerNetwork network, DataSet batch) {
        return millisPerCall(() -> {
            network.setInput(batch.getFeatures());
            network.setLabels(batch.getLabels());
            network.computeGradientAndScore();
        });
    }

    /** The median time of 20 calls after 5 warm-up calls. */
    private static double millisPerCall(Runnable call) {
        double[] millis = new double[20];
        for (int i = -5; i < millis.length; i++) {
            long start = System.nanoTime();
            call.run();
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return Summaries.median(millis);
    }

    /**
     * {@code frequency}: minibatches per worker between averagings; {@code stats}: a folder for DL4J's
     * training stats (Spark's share of each epoch, logged), or null.
     */
    private static Map<String, Object> averaging(SparkSession spark, ModelConfig model, int windows, int epochs,
                                                 int perWorker, int frequency, Path stats) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = sc.defaultParallelism();
        TrainingConfig config = new TrainingConfig(epochs + 1, LEARNING_RATE, perWorker, frequency, workers, 42)
                .withCollectStats(stats != null);
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, config);
        if (stats != null) {
            trainer.inRunFolder(new org.apache.hadoop.fs.Path(stats.toUri()));
        }
        Shards train = generate(sc, windows, TRAIN_SEED, workers);
        Shards validation = generate(sc, VALIDATION_WINDOWS, VALIDATION_SEED, workers);
        List<EpochResult> results;
        try {
            results = trainer.fit(network(model), train, validation, Evaluator.regression(new double[]{1.0}), 1,
                    (epoch, network) -> true).epochs();
        } finally {
            train.release();
            validation.release();
        }
        double[] seconds = results.stream().skip(1).mapToDouble(EpochResult::fitSeconds).toArray();
        return result(String.format(Locale.ROOT, "%s, Spark local[%d], %d per worker, averaged every %d", name(model),
                workers, perWorker, frequency), windows, seconds, results.get(results.size() - 1).validationLoss());
    }

    private static Map<String, Object> result(String arm, int windows, double[] seconds, double validationMse) {
        double median = Summaries.median(seconds);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("arm", arm);
        result.put("epochSeconds", seconds);
        result.put("medianEpochSeconds", median);
        result.put("windowsPerSecond", windows / median);
        result.put("validationMse", validationMse);
        return result;
    }
}
