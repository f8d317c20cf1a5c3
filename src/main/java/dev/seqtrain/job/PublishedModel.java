package dev.seqtrain.job;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.PublishedRun;
import dev.seqtrain.storage.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A published run decoded: the job it was trained with, and, read when asked, the network and what a
 * task needs to use it on new data (normaliser, vocabulary, labels) and its metrics.
 *
 * @param scoringBatch how many examples an executor scores at once ({@value #SCORING_BATCH} unless a caller
 *                     chooses): more is faster per example and holds more memory
 */
public record PublishedModel(PublishedRun run, JobConfig job, int scoringBatch) {
    public static final String MODEL = "model.zip";
    public static final String NORMALIZER = "normalizer.json";
    public static final String VOCABULARY = "vocabulary.json";
    public static final String LABELS = "labels.json";
    public static final String JOB = "job.conf";
    public static final String METRICS = RunFolder.METRICS;
    public static final int SCORING_BATCH = 256;

    public PublishedModel {
        if (scoringBatch < 1) {
            throw new InvalidInputException("a scoring batch size must be at least 1, got " + scoringBatch);
        }
    }

    public static PublishedModel of(PublishedRun run) {
        String source = "run " + run.runId() + "/" + JOB;
        return new PublishedModel(run, JobConfigLoader.parseSaved(source, ConfigFactory.parseString(run.text(JOB))),
                SCORING_BATCH);
    }

    public PublishedModel withScoringBatch(int examples) {
        return new PublishedModel(run, job, examples);
    }

    public String runId() {
        return run.runId();
    }

    public byte[] modelBytes() {
        return run.bytes(MODEL);
    }

    /** The network; with its updater state to continue training it (a warm start). */
    public MultiLayerNetwork network(boolean withUpdater) {
        return network(run.bytes(MODEL), withUpdater);
    }

    /** A network from {@code model.zip}'s bytes. */
    static MultiLayerNetwork network(byte[] model, boolean withUpdater) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a model", e);
        }
    }

    public Normalizer normalizer() {
        return artifact(NORMALIZER, Normalizer.class);
    }

    public Vocabulary vocabulary() {
        return artifact(VOCABULARY, Vocabulary.class);
    }

    public List<String> labels() {
        return List.of(artifact(LABELS, String[].class));
    }

    public TaskMetrics metrics() {
        try {
            return TaskMetrics.read(run.text(METRICS));
        } catch (RuntimeException e) {
            throw new InvalidInputException("run " + run.runId() + "/" + METRICS + ": " + e.getMessage(), e);
        }
    }

    private <T> T artifact(String name, Class<T> type) {
        if (!run.artifacts().containsKey(name)) {
            throw new InvalidInputException("run " + run.runId() + " has no " + name + ": it is a " + job.input().kind()
                    + " model");
        }
        try {
            return Json.read(run.text(name), type);
        } catch (RuntimeException e) {
            throw new InvalidInputException("run " + run.runId() + "/" + name + " cannot be read: " + e.getMessage(), e);
        }
    }
}
