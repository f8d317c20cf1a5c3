package dev.seqtrain.job;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.RecurrentEngineKind;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.model.recurrent.GemmRate;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.storage.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.train.ArrayShard;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

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
 * Training throughput on one fixed workload (windows of 100 steps x 8 features, 4,096 training
 * windows, recurrent layer of 128 units, minibatches of 64, Adam): DL4J's {@code net.fit} in this JVM
 * for each cell on seqtrain's engine and on DL4J's own layers, and Spark {@code local[N]} parameter
 * averaging. Measures, in the same run, the single-thread GEMM rate of ND4J's OpenBLAS at the LSTM's
 * recurrent product shape, from which each arm's share of the GEMM bound follows. Writes the data for
 * {@code scripts/bench/pytorch_rnn.py}, which times PyTorch on the same windows. Run it with
 * {@code scripts/bench-training}; prints a table and writes JSON.
 */
public final class TrainingBenchmark {
    static final int STEPS = 100;
    static final int FEATURES = 8;
    static final int HIDDEN = 128;
    static final int BATCH = 64;
    private static final double LEARNING_RATE = 0.001;
    private static final int VALIDATION_WINDOWS = 1024;
    private static final long TRAIN_SEED = 1;
    private static final long VALIDATION_SEED = 2;

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int windows = Integer.parseInt(options.getOrDefault("--windows", "4096"));
        int epochs = Integer.parseInt(options.getOrDefault("--epochs", "3"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "42"));
        List<String> cells = List.of(options.getOrDefault("--cells", "lstm,gru,rnn").split(","));
        Path out = Path.of(options.getOrDefault("--out", "target/bench/training"));
        Files.createDirectories(out);

        List<DataSet> train = generate(windows, TRAIN_SEED);
        List<DataSet> validation = generate(VALIDATION_WINDOWS, VALIDATION_SEED);
        write(train, out.resolve("train"));
        write(validation, out.resolve("validation"));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", Map.of("windows", windows, "steps", STEPS, "features", FEATURES, "hidden", HIDDEN,
                "batch", BATCH, "updater", "adam", "learningRate", LEARNING_RATE, "timedEpochs", epochs, "seed", seed));
        report.put("blas", blasLine());
        report.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        GemmRate.Result gemm = GemmRate.measure(BATCH, HIDDEN, 4 * HIDDEN);
        report.put("gemm", gemm);
        System.out.println("ND4J: " + blasLine());
        System.out.printf(Locale.ROOT, "GEMM %dx%d * %dx%d, float, one thread: %.1f GFLOP/s (median of %d)%n", BATCH,
                HIDDEN, HIDDEN, 4 * HIDDEN, gemm.gigaflops(), gemm.repeats());
        if (Boolean.parseBoolean(options.getOrDefault("--profile", "false"))) {
            profile(train, seed);
            return;
        }

        List<Map<String, Object>> results = new ArrayList<>();
        for (String cell : cells) {
            ModelConfig model = new ModelConfig(CellType.valueOf(cell.toUpperCase(Locale.ROOT)), HIDDEN, 1);
            results.add(singleJvm(model, train, validation, epochs, seed));
            if (model.cell() != CellType.GRU) { // DL4J has no GRU of its own
                results.add(singleJvm(model.withEngine(RecurrentEngineKind.DL4J), train, validation, epochs, seed));
            }
            results.add(twoAtOnce(model, train, epochs, seed));
        }
        SparkSession spark = SparkSessions.getOrCreate("seqtrain training benchmark");
        try {
            int workers = spark.sparkContext().defaultParallelism();
            for (String cell : cells) {
                ModelConfig model = new ModelConfig(CellType.valueOf(cell.toUpperCase(Locale.ROOT)), HIDDEN, 1);
                // The one-JVM minibatch split across the workers, and each worker at the one-JVM size.
                results.add(averaging(spark, model, windows, epochs, BATCH / workers, 5, seed));
                results.add(averaging(spark, model, windows, epochs, BATCH, 5, seed));
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-70s %12s %10s %12s%n", "arm", "windows/s", "epoch s", "val MSE");
        for (Map<String, Object> r : results) {
            System.out.printf(Locale.ROOT, "%-70s %12.0f %10.2f %12.5f%n", r.get("arm"), r.get("windowsPerSecond"),
                    r.get("medianEpochSeconds"), r.get("validationMse"));
        }
        report.put("results", results);
        Files.writeString(out.resolve("dl4j.json"), Json.write(report));
        System.out.println("wrote " + out.resolve("dl4j.json"));
    }

    /** ND4J's backend, its BLAS and its threads, as the environment reports them. */
    private static String blasLine() {
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        return String.format(Locale.ROOT, "%s, BLAS %s (bundled OpenBLAS of org.bytedeco:openblas), %s BLAS threads, "
                        + "OMP_NUM_THREADS=%s", Nd4j.getBackend().getClass().getSimpleName(),
                Nd4j.factory().blas().getBlasVendor(), Nd4j.factory().blas().getMaxThreads(),
                System.getenv("OMP_NUM_THREADS") == null ? env.get("omp.threads") : System.getenv("OMP_NUM_THREADS"));
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

    private static MultiLayerNetwork network(ModelConfig model, long seed) {
        return NetworkFactory.init(NetworkFactory.forecaster(model, FEATURES, 1, false, LEARNING_RATE, seed));
    }

    /** "LSTM 128, fused engine", "RNN 128, DL4J layer". */
    private static String name(ModelConfig model) {
        return model.cell().key().toUpperCase(Locale.ROOT) + " " + HIDDEN
                + (model.engine() == RecurrentEngineKind.FUSED ? ", fused engine" : ", DL4J layer");
    }

    private static Map<String, Object> singleJvm(ModelConfig model, List<DataSet> train, List<DataSet> validation,
                                                 int epochs, long seed) {
        MultiLayerNetwork network = network(model, seed);
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
        Map<String, Object> result = result(name(model) + ", net.fit, one JVM", train.size(), seconds, mse);
        result.put("cell", model.cell().key());
        result.put("threads", 1);
        return result;
    }

    /**
     * Two independent {@code net.fit} loops on two threads at once, no averaging: what two cores of this
     * machine give this workload, the ceiling for two parameter-averaging workers.
     */
    private static Map<String, Object> twoAtOnce(ModelConfig model, List<DataSet> train, int epochs, long seed)
            throws InterruptedException {
        List<DataSet> batches = minibatches(train);
        MultiLayerNetwork[] networks = {network(model, seed), network(model, seed + 1)};
        double[] seconds = new double[epochs];
        for (int epoch = -1; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            Thread[] threads = new Thread[networks.length];
            for (int n = 0; n < threads.length; n++) {
                MultiLayerNetwork network = networks[n];
                threads[n] = new Thread(() -> batches.forEach(network::fit), "fit-" + n);
                threads[n].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            if (epoch >= 0) {
                seconds[epoch] = (System.nanoTime() - start) / 1e9;
            }
        }
        Map<String, Object> result = result(name(model) + ", 2 x net.fit at once, 2 threads, no averaging",
                2 * train.size(), seconds, Double.NaN);
        result.put("cell", model.cell().key());
        result.put("threads", 2);
        return result;
    }

    private static List<DataSet> minibatches(List<DataSet> windows) {
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += BATCH) {
            batches.add(DataSet.merge(windows.subList(from, Math.min(windows.size(), from + BATCH))));
        }
        return batches;
    }

    /**
     * Where a minibatch's time goes on one thread: forward, and forward plus backward, for each cell on
     * both engines, next to the GEMM-bound time of the fused LSTM's products.
     */
    private static void profile(List<DataSet> train, long seed) {
        DataSet batch = DataSet.merge(train.subList(0, BATCH));
        for (CellType cell : CellType.values()) {
            for (RecurrentEngineKind engine : RecurrentEngineKind.values()) {
                MultiLayerNetwork network = network(new ModelConfig(cell, HIDDEN, 1).withEngine(engine), seed);
                double forward = millisPerCall(() -> network.output(batch.getFeatures(), true));
                double gradient = millisPerCall(() -> {
                    network.setInput(batch.getFeatures());
                    network.setLabels(batch.getLabels());
                    network.computeGradientAndScore();
                });
                double fit = millisPerCall(() -> network.fit(batch));
                System.out.printf(Locale.ROOT, "%-26s forward %7.1f ms, forward + backward %7.1f ms, fit %7.1f ms "
                                + "(minibatch of %d windows)%n", name(new ModelConfig(cell, HIDDEN, 1).withEngine(engine)),
                        forward, gradient, fit, BATCH);
            }
        }
        double flops = GemmRate.lstmFlopsPerWindow(STEPS, FEATURES, HIDDEN) * BATCH;
        GemmRate.Result gemm = GemmRate.measure(BATCH, HIDDEN, 4 * HIDDEN);
        System.out.printf(Locale.ROOT, "GEMM-bound forward + backward of an LSTM minibatch at %.1f GFLOP/s: %.1f ms%n",
                gemm.gigaflops(), flops / gemm.gigaflops() / 1e6);
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

    /** {@code frequency}: minibatches per worker between averagings. */
    private static Map<String, Object> averaging(SparkSession spark, ModelConfig model, int windows, int epochs,
                                                 int perWorker, int frequency, long seed) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = sc.defaultParallelism();
        TrainingConfig config = new TrainingConfig(epochs + 1, LEARNING_RATE, perWorker, frequency, workers, seed);
        Shards train = generate(sc, windows, TRAIN_SEED, workers);
        Shards validation = generate(sc, VALIDATION_WINDOWS, VALIDATION_SEED, workers);
        List<EpochResult> results;
        try {
            results = new ParameterAveragingTrainer(sc, config).fit(network(model, seed), train, validation,
                    Evaluator.regression(new double[]{1.0}), 1, (epoch, network) -> true).epochs();
        } finally {
            train.release();
            validation.release();
        }
        double[] seconds = results.stream().skip(1).mapToDouble(EpochResult::fitSeconds).toArray();
        Map<String, Object> result = result(String.format(Locale.ROOT, "%s, Spark local[%d], %d per worker, averaged "
                        + "every %d", name(model), workers, perWorker, frequency), windows, seconds,
                results.get(results.size() - 1).validationLoss());
        result.put("cell", model.cell().key());
        result.put("threads", workers);
        return result;
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
