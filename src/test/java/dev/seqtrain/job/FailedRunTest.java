package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.FaultyFileSystem;
import dev.seqtrain.storage.ModelStore;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures in the middle of a run, injected through a real Hadoop filesystem ({@code faulty://}):
 * readers stay on the previous run, and a run that checkpointed can be resumed to the very
 * parameters an uninterrupted run reaches.
 */
class FailedRunTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void registerFaultyScheme() {
        Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();
        conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
        conf.setBoolean("fs.faulty.impl.disable.cache", true);
    }

    @AfterEach
    void healStorage() {
        FaultyFileSystem.failOn = "";
    }

    private ModelStore store(String output) {
        return ModelStore.open(output, RoundTrip.MODEL, SharedSpark.session().sparkContext().hadoopConfiguration());
    }

    private static String[] train(String output, String... extra) {
        return RoundTrip.withJob("train", SampleSlice.csv().toString(), output, extra);
    }

    private static float[] publishedParameters(ModelStore store) throws IOException {
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(store.loadCurrent().bytes(PublishedModel.MODEL)), false);
        return network.params().toFloatVector();
    }

    @Test
    void failureWhilePublishingKeepsCurrentAndTheFailedRunResumes() throws IOException {
        String output = "faulty://" + dir.toAbsolutePath();
        assertEquals(Main.OK, RoundTrip.cli(train(output)).code());
        ModelStore store = store(output);
        String first = store.current().orElseThrow();

        FaultyFileSystem.failOn = "metrics.json"; // after model.zip, normalizer.json and job.conf
        RoundTrip.Output failed = RoundTrip.cli(train(output));
        assertEquals(Main.FAILED, failed.code());
        assertTrue(failed.stderr().contains("injected failure writing"), failed.stderr());
        assertEquals(Optional.of(first), store.current());
        List<ModelStore.RunStatus> runs = store.runs();
        assertEquals(2, runs.size());
        ModelStore.RunStatus second = runs.stream().filter(r -> !r.runId().equals(first)).findFirst().orElseThrow();
        assertTrue(second.failed() && !second.complete() && !second.current(), second.toString());
        store.loadCurrent();

        FaultyFileSystem.failOn = "";
        assertEquals(Main.OK, RoundTrip.cli(RoundTrip.withJob("train", SampleSlice.csv().toString(), output,
                "--resume", second.runId())).code());
        assertEquals(Optional.of(second.runId()), store.current(), "the resumed run published and became CURRENT");
        assertFalse(Files.exists(dir.resolve(RoundTrip.MODEL + "/runs/" + second.runId() + "/checkpoints")),
                "checkpoints go once the run is complete");
    }

    @Test
    void aRunResumedAfterItsThirdEpochFailedEndsWithTheParametersOfAnUninterruptedRun() throws IOException {
        String straight = dir.resolve("straight").toString();
        assertEquals(Main.OK, RoundTrip.cli(train(straight, "--set", "training.epochs=4")).code());

        String output = "faulty://" + dir.resolve("interrupted").toAbsolutePath();
        FaultyFileSystem.failOn = "epoch-3.zip";
        RoundTrip.Output failed = RoundTrip.cli(train(output, "--set", "training.epochs=4"));
        assertEquals(Main.FAILED, failed.code(), failed.stderr());
        ModelStore store = store(output);
        String runId = store.runs().get(0).runId();
        assertTrue(store.runs().get(0).failed());
        assertEquals(Optional.empty(), store.current(), "nothing was published");

        FaultyFileSystem.failOn = "";
        RoundTrip.Output resumed = RoundTrip.cli(RoundTrip.withJob("train", SampleSlice.csv().toString(), output,
                "--resume", runId));
        assertEquals(Main.OK, resumed.code(), resumed.stderr());
        assertArrayEquals(publishedParameters(store(straight)), publishedParameters(store), 1e-6f,
                "same seed, same per-epoch splits: the resumed run is the uninterrupted run");
        JsonNode metrics = new ObjectMapper().readTree(store.loadCurrent().text(PublishedModel.METRICS));
        assertEquals(4, metrics.get("epochs").size(), "the history spans the interruption");

        RoundTrip.Output again = RoundTrip.cli(RoundTrip.withJob("train", SampleSlice.csv().toString(), output,
                "--resume", runId));
        assertEquals(Main.INVALID_INPUT, again.code());
        assertTrue(again.stderr().contains("the run is complete; nothing to resume"), again.stderr());
    }

    @Test
    void earlyStoppingEndsTrainingAndPublishesTheBestEpoch() throws IOException {
        String output = dir.resolve("early").toString();
        // No epoch can beat the first by 100 degrees: patience 2 stops after epoch 3 and keeps epoch 1.
        assertEquals(Main.OK, RoundTrip.cli(train(output, "--set", "training.epochs=6",
                "--set", "training.early-stopping.patience=2", "--set", "training.early-stopping.min-delta=100")).code());
        JsonNode metrics = new ObjectMapper().readTree(store(output).loadCurrent().text(PublishedModel.METRICS));
        assertEquals(3, metrics.get("epochs").size());
        assertTrue(metrics.get("stoppedEarly").asBoolean());
        assertEquals(1, metrics.get("bestEpoch").asInt());
        assertEquals(metrics.get("epochs").get(0).get("validation").get("rmse").asDouble(),
                metrics.get("validation").get("rmse").asDouble(), 1e-12, "the published model is epoch 1's");
        String job = new String(store(output).loadCurrent().bytes(PublishedModel.JOB), StandardCharsets.UTF_8);
        assertTrue(job.contains("patience"), "the saved job records the early-stopping settings");
    }
}
