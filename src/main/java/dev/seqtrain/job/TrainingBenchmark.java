package dev.seqtrain.job;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.train.ParameterAveragingTrainer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
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

/**
 * Training throughput on one fixed workload (LSTM 128 units, windows of 100 steps × 8 features,
 * 4,096 training windows, minibatches of 64, Adam): DL4J's {@code net.fit} in this JVM, Spark
 * {@code local[N]} parameter averaging, the same with a simple RNN. Writes the data for
 * {@code scripts/bench/pytorch_lstm.py}, which times PyTorch on the same windows. Run it with
 * {@code scripts/bench-training}; prints a table and writes JSON.
 */
public final class TrainingBenchmark {
    private static final int STEPS = 100;
    private static final int FEATURES = 8;
    private static final int HIDDEN = 128;
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 0.001;

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

        List<DataSet> train = generate(windows, 1);
        List<DataSet> validation = generate(1024, 2);
        write(train, out.resolve("train"));
        write(validation, out.resolve("validation"));

        if (Boolean.parseBoolean(options.getOrDefault("--profile", "false"))) {
            profile(train);
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(singleJvm(CellType.LSTM, train, validation, epochs));
        results.add(singleJvm(CellType.RNN, train, validation, epochs));
        results.add(fusedLstm(train, validation, epochs));
        SparkSession spark = SparkSessions.getOrCreate("seqtrain training benchmark");
        try {
            int workers = spark.sparkContext().defaultParallelism();
            results.add(averaging(spark, CellType.LSTM, train, validation, epochs, BATCH / workers));
            // Each worker at the one-JVM minibatch size: time per minibatch is mostly per-op overhead,
            // so halving it per worker nearly halves each worker's throughput.
            results.add(averaging(spark, CellType.LSTM, train, validation, epochs, BATCH));
            results.add(averaging(spark, CellType.RNN, train, validation, epochs, BATCH / workers));
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %12s %14s %12s%n", "arm", "windows/s", "epoch s", "val MSE");
        for (Map<String, Object> r : results) {
            System.out.printf(Locale.ROOT, "%-58s %12.0f %14.2f %12.5f%n", r.get("arm"), r.get("windowsPerSecond"),
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

    /** Windows of noise whose target is the mean of feature 0 over the last 10 steps: learnable, not trivial. */
    private static List<DataSet> generate(int count, long seed) {
        List<DataSet> windows = new ArrayList<>(count);
        SplittableRandom random = new SplittableRandom(seed);
        for (int w = 0; w < count; w++) {
            float[] x = new float[FEATURES * STEPS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            double target = 0;
            for (int s = STEPS - 10; s < STEPS; s++) {
                target += x[s]; // feature 0 occupies the first STEPS values ([feature][step] order)
            }
            windows.add(new DataSet(Nd4j.create(x, new long[]{1, FEATURES, STEPS}, 'c'),
                    Nd4j.create(new float[]{(float) (target / 10)}, new long[]{1, 1}, 'c')));
        }
        return windows;
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

    private static MultiLayerNetwork network(CellType cell) {
        return NetworkFactory.init(NetworkFactory.forecaster(new ModelConfig(cell, HIDDEN, 1), FEATURES, 1, false,
                LEARNING_RATE, 42));
    }

    private static Map<String, Object> singleJvm(CellType cell, List<DataSet> train, List<DataSet> validation, int epochs) {
        MultiLayerNetwork network = network(cell);
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
        return result(cell.key().toUpperCase(Locale.ROOT) + " " + HIDDEN + ", net.fit, one JVM", train.size(), seconds, mse);
    }

    /**
     * The same LSTM on libnd4j's fused {@code lstmLayer} op (and its {@code lstmLayer_bp}) through
     * SameDiff, trained with Adam on the same minibatches: what a layer backed by the native op could
     * gain over DL4J's {@code LSTM}, which runs about 68 small native ops per time step.
     */
    private static Map<String, Object> fusedLstm(List<DataSet> train, List<DataSet> validation, int epochs) {
        SameDiff sd = fusedGraph();
        sd.setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder().updater(new Adam(LEARNING_RATE))
                .dataSetFeatureMapping("x").dataSetLabelMapping("y").build());
        List<DataSet> batches = minibatches(train);
        double[] seconds = new double[epochs];
        for (int epoch = -1; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            sd.fit(new ListDataSetIterator<>(batches, BATCH), 1);
            if (epoch >= 0) {
                seconds[epoch] = (System.nanoTime() - start) / 1e9;
            }
        }
        DataSet all = DataSet.merge(validation);
        INDArray predicted = sd.output(Map.of("x", all.getFeatures()), "prediction").get("prediction");
        double mse = predicted.squaredDistance(all.getLabels()) / validation.size();
        return result("LSTM " + HIDDEN + ", libnd4j fused lstmLayer (SameDiff), one JVM", train.size(), seconds, mse);
    }

    private static List<DataSet> minibatches(List<DataSet> windows) {
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += BATCH) {
            batches.add(DataSet.merge(windows.subList(from, Math.min(windows.size(), from + BATCH))));
        }
        return batches;
    }

    /** LSTM 128 on the fused op, then a linear output and the MSE loss; placeholders x and y. */
    private static SameDiff fusedGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, FEATURES, STEPS);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1);
        Nd4j.getRandom().setSeed(42);
        double scale = Math.sqrt(6.0 / (HIDDEN + 4 * HIDDEN)); // Xavier uniform, as the DL4J arm
        LSTMLayerWeights weights = LSTMLayerWeights.builder()
                .weights(sd.var("wx", Nd4j.rand(DataType.FLOAT, FEATURES, 4 * HIDDEN).subi(0.5).muli(2 * scale)))
                .rWeights(sd.var("wr", Nd4j.rand(DataType.FLOAT, HIDDEN, 4 * HIDDEN).subi(0.5).muli(2 * scale)))
                .bias(sd.var("b", Nd4j.zeros(DataType.FLOAT, 4 * HIDDEN))).build();
        LSTMLayerConfig layer = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.NST)
                .directionMode(LSTMDirectionMode.FWD).gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH).retFullSequence(false).retLastH(true).retLastC(false).build();
        SDVariable last = sd.rnn().lstmLayer(x, weights, layer)[0];
        SDVariable prediction = last.mmul(sd.var("w", Nd4j.rand(DataType.FLOAT, HIDDEN, 1).subi(0.5).muli(0.2)))
                .add("prediction", sd.var("c", Nd4j.zeros(DataType.FLOAT, 1)));
        sd.loss().meanSquaredError("loss", y, prediction, null);
        return sd;
    }

    /**
     * Where DL4J's LSTM spends a minibatch: ND4J's op profiler over ten {@code fit} calls, printed as
     * its dashboard (native op calls by type and name, and the slow ones).
     */
    private static void profile(List<DataSet> train) {
        MultiLayerNetwork network = network(CellType.LSTM);
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

        // Forward and backward alone (no update), the stock layer against the fused op.
        double stock = millisPerCall(() -> {
            network.setInput(batch.getFeatures());
            network.setLabels(batch.getLabels());
            network.computeGradientAndScore();
        });
        SameDiff sd = fusedGraph();
        Map<String, INDArray> placeholders = Map.of("x", batch.getFeatures(), "y", batch.getLabels());
        List<String> parameters = List.of("wx", "wr", "b", "w", "c");
        double fused = millisPerCall(() -> sd.calculateGradients(placeholders, parameters));
        System.out.printf(Locale.ROOT, "forward + backward of one minibatch, OMP_NUM_THREADS=%s: DL4J LSTM %.1f ms, "
                + "libnd4j lstmLayer %.1f ms (%.2fx)%n", System.getenv("OMP_NUM_THREADS"), stock, fused, stock / fused);
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

    private static Map<String, Object> averaging(SparkSession spark, CellType cell, List<DataSet> train,
                                                 List<DataSet> validation, int epochs, int perWorker) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = sc.defaultParallelism();
        TrainingConfig config = new TrainingConfig(epochs + 1, LEARNING_RATE, perWorker, 5, workers, 2, 42);
        List<EpochResult> results = new ParameterAveragingTrainer(sc, config).fit(network(cell),
                sc.parallelize(train, workers), train.size(), sc.parallelize(validation, workers), new double[]{1.0},
                epoch -> { }).epochs();
        double[] seconds = results.stream().skip(1).mapToDouble(EpochResult::fitSeconds).toArray();
        return result(cell.key().toUpperCase(Locale.ROOT) + " " + HIDDEN + ", Spark local[" + workers + "] averaging, "
                + perWorker + " per worker", train.size(), seconds, results.get(results.size() - 1).validationLoss());
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
