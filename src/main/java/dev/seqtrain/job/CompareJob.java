package dev.seqtrain.job;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.CompareConfig;
import dev.seqtrain.config.InputKind;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.model.ParameterCounts;
import dev.seqtrain.report.CellResult;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.CompareReport;
import dev.seqtrain.report.CompareTask;
import dev.seqtrain.report.EpochProgress;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.AddingProblem;
import dev.seqtrain.storage.AtomicFiles;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunIds;
import dev.seqtrain.train.ArrayShard;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import org.apache.spark.storage.StorageLevel;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;

/**
 * {@code compare}: an RNN and an LSTM of the same hidden size (and optionally an RNN of the LSTM's
 * parameter count) trained through the same parameter averaging under the same epochs, on the adding
 * problem for several lengths and on the job's own data, then a report next to the job's runs.
 */
public final class CompareJob {
    static final String REPORT = "report.html";
    static final String JSON = "compare.json";
    /** Examples for the driver's timings and gradient profile: enough for a stable median, quick. */
    private static final int PROBE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(CompareJob.class);

    private CompareJob() {
    }

    /** Trains every cell, writes the report and returns its folder. */
    public static Path run(SparkSession spark, JobConfig job, String reportId) {
        long start = System.nanoTime();
        CompareConfig compare = job.compare();
        List<CompareTask> tasks = new ArrayList<>();
        for (int length : compare.addingLengths()) {
            tasks.add(addingProblem(spark, job, length));
        }
        if (compare.userData()) {
            tasks.add(userData(spark, job));
        }
        if (tasks.isEmpty()) {
            throw new InvalidInputException("compare: nothing to compare: compare.adding-lengths "
                    + "is empty and compare.user-data is false");
        }
        CompareReport report = CompareReport.of("RNN vs LSTM: " + job.name(), tasks);
        Path folder = write(spark, job, reportId, report);
        LOG.info(String.format(Locale.ROOT, "compare report written to %s in %.1fs: %s", folder,
                TrainingLoop.secondsSince(start), report.recommendation().text()));
        return folder;
    }

    private static CompareTask addingProblem(SparkSession spark, JobConfig job, int length) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        CompareConfig compare = job.compare();
        long seed = job.training().seed();
        int trainCount = compare.addingTrain();
        int workers = new ParameterAveragingTrainer(sc, job.training()).workers();
        Shards train = addingExamples(sc, seed, 0, trainCount, length, workers);
        Shards validation = addingExamples(sc, seed, trainCount, compare.addingValidation(), length, workers);
        try {
            int hidden = job.model().hiddenSize();
            int layers = job.model().layers();
            List<CellResult> cells = new ArrayList<>();
            for (CellType cell : CellType.values()) {
                cells.add(addingCell(sc, job, cell.key(), cell, hidden, length, train, validation));
            }
            if (compare.matchedRnn()) {
                long lstmParameters = ParameterCounts.stack(CellType.LSTM, AddingProblem.FEATURES, hidden, layers, 1).total();
                int matched = ParameterCounts.rnnHiddenMatching(lstmParameters, AddingProblem.FEATURES, layers, 1);
                cells.add(addingCell(sc, job, CellResult.MATCHED_RNN, CellType.RNN, matched, length, train, validation));
            }
            return new CompareTask("adding problem", length, true, "MSE", true, "constant predictor",
                    constantPredictorMse(seed, trainCount, compare.addingValidation(), length), cells);
        } finally {
            train.release();
            validation.release();
        }
    }

    /** Examples generated on the workers from their index, a shard per worker: nothing is shipped but the indices. */
    private static Shards addingExamples(JavaSparkContext sc, long seed, long from, int count, int length, int workers) {
        List<Long> indices = LongStream.range(from, from + count).boxed().toList();
        return Shards.balanced(sc.parallelize(indices, workers), part -> {
            ArrayShard.Builder shard = new ArrayShard.Builder(new long[]{AddingProblem.FEATURES, length}, new long[]{1});
            part.forEachRemaining(index -> {
                AddingProblem.Batch one = AddingProblem.batch(seed, index, 1, length);
                shard.add(one.features(), one.targets(), null, null);
            });
            return shard.build();
        }, workers, StorageLevel.MEMORY_AND_DISK());
    }

    /** The validation MSE of predicting the training targets' mean: the bar a network must clear. */
    private static double constantPredictorMse(long seed, int trainCount, int validationCount, int length) {
        double mean = 0;
        for (int i = 0; i < trainCount; i++) {
            mean += AddingProblem.example(seed, i, length).target();
        }
        mean /= trainCount;
        double squares = 0;
        for (int i = trainCount; i < trainCount + validationCount; i++) {
            double error = AddingProblem.example(seed, i, length).target() - mean;
            squares += error * error;
        }
        return squares / validationCount;
    }

    private static CellResult addingCell(JavaSparkContext sc, JobConfig job, String label, CellType cell, int hidden,
                                         int length, Shards train, Shards validation) {
        JobConfig variant = variant(job, job.name(), cell, hidden, job.compare().addingEpochs());
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, variant.training());
        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.forecaster(variant.model(),
                AddingProblem.FEATURES, 1, false, variant.training().learningRate(),
                variant.training().learningRateDecay(), variant.training().seed()));
        List<EpochResult> history = new ArrayList<>();
        ParameterAveragingTrainer.Trained trained = trainer.fit(network, train, validation,
                Evaluator.regression(new double[]{1.0}), 1, (result, current) -> {
                    history.add(result);
                    LOG.info("adding problem T={}, {}: {}", length, label,
                            EpochProgress.line(result, variant.training().epochs(), history, "(sum)"));
                    return true;
                });
        List<EpochResult> epochs = trained.epochs();
        double mse = epochs.get(epochs.size() - 1).validationLoss();
        AddingProblem.Batch probe = AddingProblem.batch(job.training().seed(), job.compare().addingTrain(),
                Math.min(PROBE, job.compare().addingValidation()), length);
        INDArray features = Nd4j.create(probe.features(), probe.featureShape(), 'c');
        INDArray targets = Nd4j.create(probe.targets(), probe.targetShape(), 'c');
        return new CellResult(label, ParameterCounts.stack(cell, AddingProblem.FEATURES, hidden,
                job.model().layers(), 1), median(epochs, EpochResult::windowsPerSecond),
                inferenceRate(trained.network(), features), median(epochs, EpochResult::epochSeconds), mse,
                mse < AddingProblem.SOLVED_MSE, series(epochs, EpochResult::trainLoss),
                series(epochs, EpochResult::validationLoss), gradientNorms(trained.network(), features, targets));
    }

    /**
     * The job's own data and task, trained by the normal {@code train} path for each cell and
     * published under {@code <name>-compare-<cell>}, so the job's own CURRENT is left alone.
     */
    private static CompareTask userData(SparkSession spark, JobConfig job) {
        List<CellResult> cells = new ArrayList<>();
        TaskMetrics last = null;
        for (CellType cell : CellType.values()) {
            String name = job.name() + "-compare-" + cell.key();
            JobConfig variant = variant(job, name, cell, job.model().hiddenSize(), job.training().epochs());
            Training.run(spark, variant, RunIds.next(Clock.systemUTC()));
            PublishedModel run = PublishedModel.of(ModelStore.open(variant.output(), name,
                    spark.sparkContext().hadoopConfiguration()).loadCurrent());
            TaskMetrics metrics = run.metrics();
            MultiLayerNetwork network = run.network(false);
            List<EpochResult> epochs = metrics.epochs();
            cells.add(new CellResult(cell.key(), stackOf(network, cell, job), median(epochs, EpochResult::windowsPerSecond),
                    inferenceRate(network, probeInput(network, job, metrics)), median(epochs, EpochResult::epochSeconds),
                    metrics.score().value(), metrics.beatsBaselines(), series(epochs, EpochResult::trainLoss),
                    series(epochs, epoch -> epoch.score().value()), new double[0]));
            last = metrics;
        }
        String best = last.bestBaseline();
        return new CompareTask("user data: " + job.name(), job.window().length(), false, last.score().metric(),
                !last.score().higherIsBetter(), best, last.baselineScores().get(best).value(), cells);
    }

    /**
     * The job with another name, cell, width and epochs, validated like any job; a GRU on the engine, as
     * DL4J has none.
     */
    private static JobConfig variant(JobConfig job, String name, CellType cell, int hidden, int epochs) {
        List<String> overrides = new ArrayList<>(List.of("name=" + name, "model.cell=" + cell.key(),
                "model.hidden-size=" + hidden, "training.epochs=" + epochs));
        if (cell == CellType.GRU) {
            overrides.add("model.engine=fused");
        }
        return JobConfigLoader.override(job, overrides);
    }

    /** The recurrent stack's closed forms for the trained network (an embedding in front is left out). */
    private static ParameterCounts.Stack stackOf(MultiLayerNetwork network, CellType cell, JobConfig job) {
        Layer[] layers = network.getLayers();
        int recurrentInputs = job.input().kind() == InputKind.TEXT || job.input().kind() == InputKind.PASSAGES
                ? CharModelTask.EMBEDDING : job.input().features().size();
        long outputs = ((FeedForwardLayer) layers[layers.length - 1].conf()
                .getLayer()).getNOut();
        return ParameterCounts.stack(cell, recurrentInputs, job.model().hiddenSize(), job.model().layers(),
                (int) outputs);
    }

    /** Zeros of the shape the network reads (sequences: the longest): timing does not depend on the values. */
    private static INDArray probeInput(MultiLayerNetwork network, JobConfig job, TaskMetrics metrics) {
        boolean embedded = network.getLayer(0).conf().getLayer() instanceof EmbeddingSequenceLayer;
        int steps = metrics instanceof ClassificationMetrics classifier
                ? (int) classifier.data().stepsMinMedianMax()[2] : job.window().length();
        return Nd4j.zeros(DataType.FLOAT, PROBE, embedded ? 1 : job.input().features().size(), steps);
    }

    /** Windows predicted per second on the driver: the median of five passes after a warm-up. */
    private static double inferenceRate(MultiLayerNetwork network, INDArray features) {
        network.output(features);
        double[] rates = new double[5];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            network.output(features);
            rates[i] = features.size(0) / TrainingLoop.secondsSince(start);
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    /**
     * The norm of the loss's gradient with respect to each input step, averaged over the probe
     * examples, by DL4J's own backprop: how much the last step's error reaches back to step t.
     */
    static double[] gradientNorms(MultiLayerNetwork network, INDArray features, INDArray targets) {
        INDArray input = network.calculateGradients(features, targets, null, null).getSecond();
        long steps = input.size(2);
        double[] norms = new double[(int) steps];
        for (int t = 0; t < steps; t++) {
            // [batch, features] at step t: each example's gradient norm, then their mean.
            INDArray atStep = input.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            norms[t] = atStep.norm2(1).meanNumber().doubleValue();
        }
        return norms;
    }

    private static Path write(SparkSession spark, JobConfig job, String reportId, CompareReport report) {
        ModelStore store = ModelStore.open(job.output(), job.name(), spark.sparkContext().hadoopConfiguration())
                .requireWritable();
        Path folder = new Path(new Path(store.root(), "compare"), reportId);
        try {
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.mkdirs(folder);
            // The JSON first: a reader that finds the HTML finds the data it was drawn from.
            AtomicFiles.replace(fs, new Path(folder, JSON), out -> out.write(report.json().getBytes(StandardCharsets.UTF_8)));
            AtomicFiles.replace(fs, new Path(folder, REPORT), out -> out.write(report.html().getBytes(StandardCharsets.UTF_8)));
            return fs.makeQualified(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compare report to " + folder, e);
        }
    }


    private static double median(List<EpochResult> epochs, ToDoubleFunction<EpochResult> value) {
        double[] sorted = epochs.stream().mapToDouble(value).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static double[] series(List<EpochResult> epochs, ToDoubleFunction<EpochResult> value) {
        return epochs.stream().mapToDouble(value).toArray();
    }

}
