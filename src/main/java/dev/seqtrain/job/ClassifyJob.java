package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.LabelledSequences;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.TextCorpus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a classifier with parameter averaging and publishes the run, for two inputs: labelled
 * variable-length sequences ({@code input.kind = sequences}: padded, length-bucketed minibatches)
 * and passages of text labelled by the file they come from ({@code input.kind = passages}).
 */
final class ClassifyJob {
    static final String LABELS = "labels.json";
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyJob.class);

    private ClassifyJob() {
    }

    /**
     * What a classifier input yields: training and validation shards, labels, data summary,
     * baselines on the same validation examples, the untrained network, and artifacts to publish.
     */
    private record Prepared(Shards train, Shards validation, List<String> labels, ClassificationMetrics.Data data, Map<String, Classification> baselines,
                            Supplier<MultiLayerConfiguration> network, List<String> artifacts, Runnable release) {
    }

    static Path train(SparkSession spark, JobConfig job, ModelStore store, Supplier<RunFolder> runFolder,
                      Checkpoints.State resumeFrom) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingConfig config = job.training();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, config);
        Prepared prepared = job.input().kind().equals(InputConfig.PASSAGES) ? passages(sc, job, trainer)
                : sequences(spark, job, trainer);
        Shards train = prepared.train();
        if (train.examples() == 0 || prepared.validation().examples() == 0) {
            train.release();
            prepared.validation().release();
            prepared.release().run();
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": no " + (train.examples() == 0
                    ? "training" : "validation") + " examples: the input has too few sequences (or passages of "
                    + "window.length characters) for split.validation-fraction = " + job.split().validationFraction());
        }
        ClassificationMetrics.Data data = prepared.data();
        Map<String, Classification> baselines = prepared.baselines();
        List<String> labels = prepared.labels();
        LOG.info(String.format(Locale.ROOT, "read %s in %.1fs: %d training and %d validation examples of %s steps "
                        + "(min/median/max), labels %s, %.1f%% of training steps are padding", data.source(),
                TrainingLoop.secondsSince(start), data.trainSequences(), data.validationSequences(),
                Arrays.toString(data.stepsMinMedianMax()), data.trainLabels(), 100 * data.paddingFraction()));

        RunFolder folder = runFolder.get();
        trainer.inRunFolder(folder.path());
        try {
            TrainingLoop.Outcome outcome = TrainingLoop.run(folder, job.resolved(), config, job.model(), trainer,
                    () -> {
                        MultiLayerNetwork network = NetworkFactory.init(prepared.network().get());
                        LOG.info("model: {} classifier over {}, {} parameters: {}", job.model().cell().key(),
                                labels, network.numParams(), TrainingLoop.layers(network));
                        return network;
                    },
                    resumeFrom, train, new int[]{(int) data.stepsMinMedianMax()[2], data.features().size()},
                    prepared.validation(), Evaluator.classification(labels), "label");
            MultiLayerNetwork published = outcome.network();
            Classification result = outcome.chosen().classification();
            String best = baselines.entrySet().stream()
                    .max((a, b) -> Double.compare(a.getValue().f1(), b.getValue().f1())).orElseThrow().getKey();
            boolean beats = baselines.values().stream().allMatch(b -> result.f1() > b.f1());
            ClassificationMetrics metrics = new ClassificationMetrics(job.name(), folder.runId(), "classify",
                    labels, data, TrainingLoop.modelSummary(job.model(), published),
                    TrainingLoop.trainingSummary(config, trainer.workers(), config.batchSizePerWorker()),
                    outcome.epochs(), outcome.chosen().epoch(), outcome.stoppedEarly(), result, baselines, best, beats,
                    TrainingLoop.secondsSince(start));
            List<String> artifacts = new ArrayList<>(prepared.artifacts());
            artifacts.addAll(List.of(LABELS, Json.write(labels), PublishedModel.JOB, job.resolved(),
                    PublishedModel.METRICS, Json.write(metrics)));
            TrainingLoop.publish(folder, store, published, TrainingLoop.ordered(artifacts.toArray(String[]::new)));
            String majority = "majority-class";
            LOG.info(String.format(Locale.ROOT, "published run %s to %s (now CURRENT) in %.1fs: validation accuracy "
                            + "%.4f, macro F1 %.4f (%s F1 %.4f, %s F1 %.4f); the model %s", folder.runId(),
                    folder.path(), metrics.wallSeconds(), result.accuracy(), result.f1(), majority,
                    baselines.get(majority).f1(), best, baselines.get(best).f1(),
                    beats ? "beats every baseline" : "does NOT beat the best baseline (" + best + "): prefer the "
                            + "baseline or revisit the job"
                            + (result.f1() > baselines.get(majority).f1() ? " (it does beat the majority class)" : "")));
            return folder.path();
        } catch (RuntimeException | Error e) {
            TrainingLoop.failed(folder, e);
            throw e;
        } finally {
            train.release();
            prepared.validation().release();
            prepared.release().run();
        }
    }

    private static Prepared sequences(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer) {
        TrainingConfig config = job.training();
        int batch = config.batchSizePerWorker();
        LabelledSequences sequences = LabelledSequences.read(spark, job);
        int[] features = job.input().features().stream().mapToInt(job.input().numericColumns()::indexOf).toArray();
        ClassificationMetrics.Data data = new ClassificationMetrics.Data(Redaction.uris(job.input().path()),
                job.input().features(), sequences.count(WindowPart.TRAIN), sequences.count(WindowPart.VALIDATION),
                Summaries.minMedianMax(sequences.lengths(WindowPart.ALL).stream().mapToLong(Integer::longValue).toArray()),
                sequences.labelCounts(WindowPart.TRAIN),
                sequences.paddingFraction(WindowPart.TRAIN, job.padding(), batch, config.seed(), features),
                sequences.badRowsSkipped(), sequences.normalizer().method());
        List<String> labels = sequences.labels();
        return new Prepared(
                sequences.shards(WindowPart.TRAIN, job.padding(), features, trainer.workers(), trainer.storageLevel()),
                sequences.shards(WindowPart.VALIDATION, job.padding(), features, trainer.workers(),
                        trainer.storageLevel()),
                labels, data, sequences.baselines(features),
                () -> NetworkFactory.classifier(job.model(), features.length, labels.size(), config.learningRate(),
                        config.learningRateDecay(), config.seed()),
                List.of(PublishedModel.NORMALIZER, Json.write(sequences.normalizer())), sequences::release);
    }

    private static Prepared passages(JavaSparkContext sc, JobConfig job, ParameterAveragingTrainer trainer) {
        TrainingConfig config = job.training();
        TextCorpus corpus = TextCorpus.read(sc, job.input().path(), job.split().validationFraction());
        Vocabulary vocabulary = corpus.vocabulary();
        List<String> labels = corpus.labels("input.path");
        int length = job.window().length();
        int stride = job.window().stride();
        Map<String, Long> trainCounts = corpus.passageCounts(WindowPart.TRAIN, length, stride, labels);
        long[] steps = {length, length, length};
        ClassificationMetrics.Data data = new ClassificationMetrics.Data(Redaction.uris(job.input().path()),
                List.of("characters"), trainCounts.values().stream().mapToLong(Long::longValue).sum(),
                corpus.passageCounts(WindowPart.VALIDATION, length, stride, labels).values().stream()
                        .mapToLong(Long::longValue).sum(), steps, trainCounts, 0, 0, "none");
        return new Prepared(
                corpus.passageShards(WindowPart.TRAIN, length, stride, labels, trainer.workers(), trainer.storageLevel()),
                corpus.passageShards(WindowPart.VALIDATION, length, stride, labels, trainer.workers(),
                        trainer.storageLevel()),
                labels, data, corpus.passageBaselines(length, stride, labels),
                () -> NetworkFactory.passageClassifier(job.model(), vocabulary.size(), CharLmJob.EMBEDDING, length,
                        labels.size(), config.learningRate(), config.learningRateDecay(), config.seed()),
                List.of(CharLmJob.VOCABULARY, Json.write(vocabulary)), corpus::release);
    }
}
