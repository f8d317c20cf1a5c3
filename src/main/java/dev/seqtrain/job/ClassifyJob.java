package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.LabelledSequences;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.SeriesReader;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a classifier of labelled variable-length sequences ({@code input.kind = sequences}) with
 * parameter averaging on padded, length-bucketed minibatches, and publishes the run.
 */
final class ClassifyJob {
    static final String LABELS = "labels.json";
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyJob.class);

    private ClassifyJob() {
    }

    static Path train(SparkSession spark, JobConfig job, ModelStore store, Supplier<RunFolder> runFolder,
                      Checkpoints.State resumeFrom) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingConfig config = job.training();
        int batch = config.batchSizePerWorker();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, config).withExamplesPerElement(batch);

        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        SeriesReader.Result read = SeriesReader.read(spark, job.input(), missingAllowed, job.preprocessing().skipBadRows());
        LabelledSequences sequences;
        try {
            sequences = LabelledSequences.of(read.rows(), job, read.locate());
        } finally {
            read.release(); // the sequences are cached and computed now
        }
        int[] features = job.input().features().stream().mapToInt(job.input().numericColumns()::indexOf).toArray();
        JavaRDD<DataSet> train = sequences.dataSets(WindowPart.TRAIN, job.padding(), batch, config.seed(), features)
                .persist(trainer.storageLevel());
        JavaRDD<DataSet> validation = sequences.dataSets(WindowPart.VALIDATION, job.padding(), batch, config.seed(),
                features);
        long trainSequences = sequences.count(WindowPart.TRAIN);
        ClassificationMetrics.Data data = new ClassificationMetrics.Data(Redaction.uris(job.input().path()),
                job.input().features(), trainSequences, sequences.count(WindowPart.VALIDATION),
                Summaries.minMedianMax(sequences.lengths(WindowPart.ALL).stream().mapToLong(Integer::longValue).toArray()),
                sequences.labelCounts(WindowPart.TRAIN),
                sequences.paddingFraction(WindowPart.TRAIN, job.padding(), batch, config.seed(), features),
                read.badRows(), sequences.normalizer().method());
        Map<String, Classification> baselines = sequences.baselines(features);
        LOG.info(String.format(Locale.ROOT, "read %s in %.1fs: %d training and %d validation sequences of %s steps "
                        + "(min/median/max), labels %s, %.1f%% of training steps are padding", data.source(),
                TrainingLoop.secondsSince(start), data.trainSequences(), data.validationSequences(),
                java.util.Arrays.toString(data.stepsMinMedianMax()), data.trainLabels(), 100 * data.paddingFraction()));

        RunFolder folder = runFolder.get();
        trainer.exportingTo(new Path(folder.path(), RunFolder.EXPORT).toString());
        try {
            TrainingLoop.Outcome outcome = TrainingLoop.run(folder, job.resolved(), config, trainer,
                    () -> {
                        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.classifier(job.model(),
                                features.length, sequences.labels().size(), config.learningRate(),
                                config.learningRateDecay(), config.seed()));
                        LOG.info("model: {} classifier over {}, {} parameters: {}", job.model().cell().key(),
                                sequences.labels(), network.numParams(), TrainingLoop.layers(network));
                        return network;
                    },
                    resumeFrom, train, trainSequences, validation,
                    ParameterAveragingTrainer.classification(sequences.labels()), "label");
            MultiLayerNetwork published = outcome.network();
            Classification result = outcome.chosen().classification();
            String best = baselines.entrySet().stream()
                    .max((a, b) -> Double.compare(a.getValue().f1(), b.getValue().f1())).orElseThrow().getKey();
            boolean beats = baselines.values().stream().allMatch(b -> result.f1() > b.f1());
            ClassificationMetrics metrics = new ClassificationMetrics(job.name(), folder.runId(), "classify",
                    sequences.labels(), data,
                    TrainingLoop.modelSummary(job.model(), published),
                    TrainingLoop.trainingSummary(config, trainer.workers(), batch),
                    outcome.epochs(), outcome.chosen().epoch(), outcome.stoppedEarly(), result, baselines, best, beats,
                    TrainingLoop.secondsSince(start));
            TrainingLoop.publish(folder, store, published, TrainingLoop.ordered(
                    PublishedModel.NORMALIZER, Json.write(sequences.normalizer()), LABELS, Json.write(sequences.labels()),
                    PublishedModel.JOB, job.resolved(), PublishedModel.METRICS, Json.write(metrics)));
            LOG.info(String.format(Locale.ROOT, "published run %s to %s (now CURRENT) in %.1fs: validation accuracy "
                            + "%.4f, macro F1 %.4f (%s F1 %.4f); the model %s", folder.runId(), folder.path(),
                    metrics.wallSeconds(), result.accuracy(), result.f1(), best, baselines.get(best).f1(),
                    beats ? "beats every baseline" : "does NOT beat the best baseline (" + best + "): prefer the "
                            + "baseline or revisit the job"));
            return folder.path();
        } catch (RuntimeException | Error e) {
            TrainingLoop.failed(folder, e);
            throw e;
        } finally {
            train.unpersist(false);
            sequences.release();
        }
    }
}
