package dev.seqtrain.train;

import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.storage.RunFolder;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;
import org.deeplearning4j.spark.stats.StatsUtils;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark glue: trains replicas of a network on the workers with DL4J's
 * {@link ParameterAveragingTrainingMaster} and evaluates the averaged model after every epoch.
 */
public final class ParameterAveragingTrainer {
    private static final int EVALUATION_BATCH = 256;

    private final JavaSparkContext sc;
    private final TrainingConfig config;
    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);
    private String exportDirectory;
    private String statsDirectory;
    /** DL4J's stats keys for durations: ParameterAveragingMasterFitTimesMs, ...WorkerFitTimesMs ... */
    private static final Pattern PHASE = Pattern.compile("ParameterAveraging(Master|Worker)(\\w+?)Times?Ms");
    private int examplesPerElement = 1;

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

    /**
     * The training master for one-example {@link DataSet}s. Every default that matters is set here
     * explicitly: DL4J's builder does not save the updater state unless told, despite its javadoc.
     */
    public ParameterAveragingTrainingMaster trainingMaster() {
        return trainingMaster(0);
    }

    /**
     * The training master of one epoch. Its random splits are seeded from the job's seed and the
     * epoch, so a run resumed from a checkpoint repeats exactly the epochs an uninterrupted run would.
     */
    public ParameterAveragingTrainingMaster trainingMaster(int epoch) {
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(workers(),
                examplesPerElement)
                .batchSizePerWorker(config.batchSizePerWorker())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(config.prefetchBatches())
                .saveUpdater(true)
                .rddTrainingApproach(config.export() ? RDDTrainingApproach.Export : RDDTrainingApproach.Direct)
                // seqtrain's partitions are balanced by windows, one per worker, and DL4J's random splits keep
                // them near equal: by default no balancing shuffle every averaging round.
                .repartionData(switch (config.repartition()) {
                    case "never" -> Repartition.Never;
                    case "always" -> Repartition.Always;
                    default -> Repartition.NumPartitionsWorkersDiffers;
                })
                .repartitionStrategy(switch (config.repartitionStrategy()) {
                    case "approximate-balanced" -> RepartitionStrategy.ApproximateBalanced;
                    case "spark-default" -> RepartitionStrategy.SparkDefault;
                    default -> RepartitionStrategy.Balanced;
                })
                .storageLevel(storageLevel())
                .rngSeed(config.seed() * 1_000_003L + epoch);
        if (exportDirectory != null) {
            builder.exportDirectory(exportDirectory);
        }
        return builder.build();
    }

    /** The level the training windows are kept at; DL4J's Direct approach refuses any other on the same RDD. */
    public StorageLevel storageLevel() {
        return StorageLevel.fromString(config.storageLevel());
    }

    /** How many examples each element of the training RDD holds: 1 for windows, the batch size for padded minibatches. */
    public ParameterAveragingTrainer withExamplesPerElement(int examples) {
        this.examplesPerElement = examples;
        return this;
    }

    /**
     * Spark's share of an epoch from DL4J's stats, in one log line (each phase's time summed over the
     * averaging rounds; worker phases also over the workers), and the epoch's timeline as HTML.
     */
    private void reportStats(SparkTrainingStats stats, int epoch, double fitSeconds) {
        Map<String, Double> seconds = new TreeMap<>();
        collectSeconds(stats, seconds);
        StringBuilder line = new StringBuilder();
        seconds.forEach((phase, s) -> line.append(String.format(Locale.ROOT, "%s%s %.2fs",
                line.length() == 0 ? "" : ", ", phase, s)));
        LOG.info(String.format(Locale.ROOT, "epoch %d, fit %.1fs; DL4J's phases: %s", epoch, fitSeconds, line));
        // Through the file's own filesystem: DL4J's path-taking export writes to the default one.
        Path file = new Path(statsDirectory, "epoch-" + epoch + ".html");
        try (OutputStream out = file.getFileSystem(sc.hadoopConfiguration()).create(file, true)) {
            StatsUtils.exportStatsAsHTML(stats, out);
        } catch (Exception e) {
            LOG.warn("cannot write the training stats to {}: {}", file, e.toString());
        }
    }

    /** Every timed phase of the stats and their nested (worker) stats: "Master Fit", "Worker Fit" ... */
    private static void collectSeconds(SparkTrainingStats stats, Map<String, Double> seconds) {
        for (String key : stats.getKeySet()) {
            Matcher phase = PHASE.matcher(key);
            if (phase.matches() && stats.getValue(key) != null) {
                double total = stats.getValue(key).stream().mapToLong(EventStats::getDurationMs).sum() / 1e3;
                seconds.merge(phase.group(1).toLowerCase(Locale.ROOT) + " " + phase.group(2), total, Double::sum);
            }
        }
        if (stats.getNestedTrainingStats() != null) {
            collectSeconds(stats.getNestedTrainingStats(), seconds);
        }
    }

    /**
     * The run's folder: the Export approach writes minibatches under its {@code export/} (deleted when
     * the run completes) and {@code training.collect-stats} each epoch's timeline under
     * {@code training-stats/}.
     */
    public ParameterAveragingTrainer inRunFolder(Path run) {
        this.exportDirectory = new Path(run, RunFolder.EXPORT).toString();
        this.statsDirectory = config.collectStats() ? new Path(run, RunFolder.TRAINING_STATS).toString() : null;
        return this;
    }

    /**
     * Fits {@code network} for the configured epochs. The training RDD may only be cached at
     * MEMORY_ONLY_SER: DL4J's Direct approach persists it at that level and fails on another.
     *
     * @param windows the number of training windows, for throughput
     *
     * @param outputScales per output, multiplies normalised errors back into the target's original units
     * @param onEpoch     called with each epoch's result, for progress logging
     */
    public Trained fit(MultiLayerNetwork network, JavaRDD<DataSet> train, long windows, JavaRDD<DataSet> validation,
                       double[] outputScales, Consumer<EpochResult> onEpoch) {
        return fit(network, train, windows, validation, regression(outputScales), 1, (result, trained) -> {
            onEpoch.accept(result);
            return true;
        });
    }

    /** Decides after each epoch whether training goes on; may checkpoint the network. */
    public interface EpochListener {
        boolean afterEpoch(EpochResult result, MultiLayerNetwork network);
    }

    /** How an epoch's averaged network is scored on the workers. */
    public interface Evaluator {
        Scores evaluate(SparkDl4jMultiLayer network, JavaRDD<DataSet> train, JavaRDD<DataSet> validation);
    }

    /** An epoch's scores; see {@link EpochResult} for each field. */
    public record Scores(double trainLoss, double validationLoss, ErrorSummary validation,
                         List<ErrorSummary> validationByOutput, Classification classification) {
    }

    /**
     * Regression scores. Not {@code calculateScore}: it broadcasts the live parameter array, which
     * Spark closes (frees) once the broadcast is cleaned up; evaluation broadcasts a serialised copy.
     *
     * @param outputScales per output, multiplies normalised errors back into the target's original units
     */
    public static Evaluator regression(double[] outputScales) {
        return (network, train, validation) -> {
            double trainLoss = network.evaluateRegression(train, EVALUATION_BATCH).averageMeanSquaredError();
            RegressionEvaluation evaluation = network.evaluateRegression(validation, EVALUATION_BATCH);
            List<ErrorSummary> byOutput = new ArrayList<>();
            for (int o = 0; o < outputScales.length; o++) {
                byOutput.add(new ErrorSummary(evaluation.rootMeanSquaredError(o), evaluation.meanAbsoluteError(o))
                        .scaled(outputScales[o]));
            }
            return new Scores(trainLoss, evaluation.averageMeanSquaredError(), ErrorSummary.mean(byOutput), byOutput, null);
        };
    }

    /** Classification scores: accuracy, macro F1 and the confusion matrix over {@code labels}. */
    public static Evaluator classification(List<String> labels) {
        return (network, train, validation) -> {
            Evaluation evaluation = network.evaluate(validation, labels, EVALUATION_BATCH);
            long[][] confusion = new long[labels.size()][labels.size()];
            for (int actual = 0; actual < labels.size(); actual++) {
                for (int predicted = 0; predicted < labels.size(); predicted++) {
                    confusion[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
                }
            }
            return new Scores(network.getScore(), Double.NaN, null, List.of(), Classification.of(labels, confusion));
        };
    }

    /**
     * Bits per character of a character model on the validation windows, computed on the workers
     * from the model's serialised bytes (never a broadcast of its live parameters).
     */
    public static Evaluator bitsPerCharacter(JavaSparkContext sc) {
        return (network, train, validation) -> {
            Broadcast<byte[]> model = sc.broadcast(modelBytes(network.getNetwork()));
            double[] sums = validation.mapPartitions(part -> {
                MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(
                        new ByteArrayInputStream(model.value()), false);
                double nats = 0;
                long characters = 0;
                while (part.hasNext()) {
                    DataSet window = part.next();
                    INDArray probabilities = restored.output(window.getFeatures());
                    // The one-hot labels pick each step's probability of the true next character.
                    nats -= Transforms.log(probabilities.add(1e-12), false).mul(window.getLabels()).sumNumber()
                            .doubleValue();
                    characters += window.getLabels().size(2);
                }
                return List.of(new double[]{nats, characters}).iterator();
            }).fold(new double[2], (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
            double bits = sums[1] == 0 ? Double.NaN : sums[0] / sums[1] / Math.log(2);
            return new Scores(network.getScore(), bits, null, List.of(), null);
        };
    }

    private static byte[] modelBytes(MultiLayerNetwork network) {
        return modelBytes(network, false);
    }

    /** The network as {@code ModelSerializer} writes it; the updater state only if {@code withUpdater}. */
    public static byte[] modelBytes(MultiLayerNetwork network, boolean withUpdater) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, out, withUpdater);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Fits from {@code firstEpoch} (after a resume, the epoch after the checkpoint's) to the last
     * epoch, or until the listener says stop.
     */
    public Trained fit(MultiLayerNetwork network, JavaRDD<DataSet> train, long windows, JavaRDD<DataSet> validation,
                       Evaluator evaluator, int firstEpoch, EpochListener listener) {
        validation.persist(StorageLevel.MEMORY_ONLY_SER());
        // Export caches its written minibatches in one training master; Direct gets a master per epoch,
        // seeded for that epoch, so a resumed run repeats the splits of an uninterrupted one.
        ParameterAveragingTrainingMaster exporting = config.export() ? trainingMaster(0) : null;
        try {
            List<EpochResult> results = new ArrayList<>();
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                SparkDl4jMultiLayer sparkNetwork = new SparkDl4jMultiLayer(sc, network,
                        exporting != null ? exporting : trainingMaster(epoch));
                sparkNetwork.setDefaultEvaluationWorkers(1);
                sparkNetwork.setCollectTrainingStats(statsDirectory != null);
                long start = System.nanoTime();
                sparkNetwork.fit(train);
                double fitSeconds = seconds(start);
                if (statsDirectory != null) {
                    reportStats(sparkNetwork.getSparkTrainingStats(), epoch, fitSeconds);
                }
                Scores scores = evaluator.evaluate(sparkNetwork, train, validation);
                EpochResult result = new EpochResult(epoch, scores.trainLoss(), scores.validationLoss(),
                        scores.validation(), scores.validationByOutput(), scores.classification(), fitSeconds,
                        seconds(start), windows / fitSeconds);
                results.add(result);
                if (!listener.afterEpoch(result, network)) {
                    break;
                }
            }
            return new Trained(network, List.copyOf(results));
        } finally {
            // Direct training persisted the training windows; release both RDDs.
            train.unpersist(false);
            validation.unpersist(false);
        }
    }

    /** The averaged network and what each epoch achieved. */
    public record Trained(MultiLayerNetwork network, List<EpochResult> epochs) {
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
