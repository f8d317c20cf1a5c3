package dev.seqtrain.job;

import dev.seqtrain.report.EpochResult;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A run's checkpoints, under {@code checkpoints/} in its folder: after every epoch the model with its
 * updater state, the best model so far, the job as it started, and {@code state.json} written last
 * (in one step) naming the epoch they belong to. {@code train --resume} continues from them.
 */
final class Checkpoints {
    static final String STATE = "state.json";
    static final String BEST = "best.zip";
    static final String JOB = "job.conf";

    private Checkpoints() {
    }

    /** What a checkpoint records besides the models. */
    record State(int epoch, int bestEpoch, double bestScore, List<EpochResult> epochs) {
    }

    static void start(RunFolder folder, String resolvedJob) {
        folder.writeCheckpoint(JOB, out -> out.write(resolvedJob.getBytes(StandardCharsets.UTF_8)));
    }

    static void write(RunFolder folder, MultiLayerNetwork network, boolean best, State state) {
        byte[] model = TrainingLoop.modelBytes(network);
        folder.writeCheckpoint(epochFile(state.epoch()), out -> out.write(model));
        if (best) {
            folder.writeCheckpoint(BEST, out -> out.write(model));
        }
        folder.replaceCheckpoint(STATE, Json.write(state));
        folder.deleteCheckpoint(epochFile(state.epoch() - 1));
    }

    /** The last complete checkpoint's state, or null when the run has none. */
    static State state(RunFolder folder) {
        byte[] json = folder.readCheckpoint(STATE);
        return json == null ? null : Json.read(new String(json, StandardCharsets.UTF_8), State.class);
    }

    static String job(RunFolder folder) {
        byte[] job = folder.readCheckpoint(JOB);
        return job == null ? null : new String(job, StandardCharsets.UTF_8);
    }

    static MultiLayerNetwork model(RunFolder folder, String file) {
        byte[] model = folder.readCheckpoint(file);
        if (model == null) {
            throw new IllegalStateException("checkpoint " + file + " of run " + folder.runId() + " is missing");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + " of run " + folder.runId(), e);
        }
    }

    static String epochFile(int epoch) {
        return "epoch-" + epoch + ".zip";
    }

}
