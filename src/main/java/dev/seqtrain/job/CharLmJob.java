package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.CharLmMetrics;
import dev.seqtrain.report.Json;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.TextCorpus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a character-level language model on a text corpus ({@code input.kind = text}) with
 * parameter averaging, reports bits per character next to the unigram entropy, and publishes the
 * run with its vocabulary.
 */
final class CharLmJob {
    static final String VOCABULARY = "vocabulary.json";
    /** Characters are embedded in this many dimensions before the recurrent layers. */
    static final int EMBEDDING = 32;
    private static final Logger LOG = LoggerFactory.getLogger(CharLmJob.class);

    private CharLmJob() {
    }

    static Path train(SparkSession spark, JobConfig job, ModelStore store, Supplier<RunFolder> runFolder,
                      Checkpoints.State resumeFrom) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingConfig config = job.training();
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, config);
        TextCorpus corpus = TextCorpus.read(sc, job.input().path(), job.split().validationFraction());
        Vocabulary vocabulary = corpus.vocabulary();
        int length = job.window().length();
        int stride = job.window().stride();
        Shards train = corpus.windowShards(WindowPart.TRAIN, length, stride, trainer.workers(), trainer.storageLevel());
        Shards validation = corpus.windowShards(WindowPart.VALIDATION, length, stride, trainer.workers(),
                trainer.storageLevel());
        if (train.examples() == 0 || validation.examples() == 0) {
            train.release();
            validation.release();
            corpus.release();
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": no " + (train.examples() == 0
                    ? "training" : "validation") + " window fits: a window needs window.length + 1 = " + (length + 1)
                    + " characters in a document's " + (train.examples() == 0 ? "training" : "validation") + " part");
        }
        long[] size = corpus.size();
        CharLmMetrics.Data data = new CharLmMetrics.Data(Redaction.uris(job.input().path()), size[0], size[1],
                vocabulary.size(), length, stride, train.examples(), validation.examples());
        double unigram = vocabulary.unigramBits();
        LOG.info(String.format(Locale.ROOT, "read %s in %.1fs: %d documents, %d characters, %d symbols "
                        + "(unigram entropy %.3f bits/char); %d training and %d validation windows of %d characters",
                data.source(), TrainingLoop.secondsSince(start), data.documents(), data.characters(), data.vocabularySize(), unigram,
                data.trainWindows(), data.validationWindows(), length));

        RunFolder folder = runFolder.get();
        trainer.inRunFolder(folder.path());
        try {
            TrainingLoop.Outcome outcome = TrainingLoop.run(folder, job.resolved(), config, job.model(), trainer,
                    () -> {
                        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.characterModel(job.model(),
                                vocabulary.size(), EMBEDDING, length, config.learningRate(), config.learningRateDecay(),
                                config.seed()));
                        LOG.info("model: {} character model over {} symbols, {} parameters: {}",
                                job.model().cell().key(), vocabulary.size(), network.numParams(),
                                TrainingLoop.layers(network));
                        return network;
                    },
                    resumeFrom, train, new int[]{length, 1}, validation, Evaluator.bitsPerCharacter(), "bits");
            MultiLayerNetwork published = outcome.network();
            double bits = outcome.chosen().validationLoss();
            CharLmMetrics metrics = new CharLmMetrics(job.name(), folder.runId(), "charlm", data,
                    TrainingLoop.modelSummary(job.model(), published),
                    TrainingLoop.trainingSummary(config, trainer.workers(), config.batchSizePerWorker()),
                    outcome.epochs(), outcome.chosen().epoch(), outcome.stoppedEarly(), bits,
                    Map.of("unigram", unigram), bits < unigram, TrainingLoop.secondsSince(start));
            TrainingLoop.publish(folder, store, published, TrainingLoop.ordered(VOCABULARY, Json.write(vocabulary),
                    PublishedModel.JOB, job.resolved(), PublishedModel.METRICS, Json.write(metrics)));
            LOG.info(String.format(Locale.ROOT, "published run %s to %s (now CURRENT) in %.1fs: validation %.4f "
                            + "bits/char (unigram %.4f); the model %s", folder.runId(), folder.path(),
                    metrics.wallSeconds(), bits, unigram, metrics.beatsBaselines() ? "beats the unigram baseline"
                            : "does NOT beat the unigram baseline: train longer or revisit the job"));
            return folder.path();
        } catch (RuntimeException | Error e) {
            TrainingLoop.failed(folder, e);
            throw e;
        } finally {
            train.release();
            validation.release();
            corpus.release();
        }
    }
}
