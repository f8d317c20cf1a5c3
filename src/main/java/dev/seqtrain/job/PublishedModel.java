package dev.seqtrain.job;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.report.Json;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.storage.PublishedRun;
import dev.seqtrain.storage.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A published run decoded: the job it was trained with, its normaliser and its model bytes. */
public record PublishedModel(PublishedRun run, JobConfig job, Normalizer normalizer) {
    public static final String MODEL = "model.zip";
    public static final String NORMALIZER = "normalizer.json";
    public static final String JOB = "job.conf";
    public static final String METRICS = RunFolder.METRICS;

    public static PublishedModel of(PublishedRun run) {
        String source = "run " + run.runId() + "/" + JOB;
        JobConfig job = JobConfigLoader.parseSaved(source, ConfigFactory.parseString(run.text(JOB)));
        return new PublishedModel(run, job, Json.read(run.text(NORMALIZER), Normalizer.class));
    }

    public byte[] modelBytes() {
        return run.bytes(MODEL);
    }

    /** A published run's network; with its updater state to continue training it (a warm start). */
    static MultiLayerNetwork network(PublishedRun run, boolean withUpdater) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(run.bytes(MODEL)), withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model of run " + run.runId(), e);
        }
    }
}
