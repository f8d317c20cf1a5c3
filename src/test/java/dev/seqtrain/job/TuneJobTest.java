package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.storage.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny searches through the command line: in parallel and averaging modes, with a trial that cannot run. */
class TuneJobTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void spark() {
        SharedSpark.session();
    }

    private static Path job(String name, String tune) throws IOException {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, """
                name = %s
                output = "%s"
                input { path = "%s", features = [temperature, pressure, wind], targets = [temperature] }
                window { length = 12, horizon = 6 }
                model.hidden-size = 4
                training.epochs = 2
                tune { %s }
                """.formatted(name, dir.resolve("models"), SampleSlice.csv(), tune));
        return file;
    }

    private static JsonNode trials(RoundTrip.Output output) throws IOException {
        assertEquals(Main.OK, output.code(), output.stderr());
        Path folder = Path.of(java.net.URI.create(output.stdout().strip().replaceFirst("^file:/+", "file:///")));
        assertTrue(Files.readString(folder.resolve("report.html")).contains("data:image/png;base64,"));
        return new ObjectMapper().readTree(folder.resolve("trials.json").toFile());
    }

    @Test
    void successiveHalvingInParallelKeepsTheBestAndWritesTheWinnersJob() throws IOException {
        Path job = job("tune-parallel", """
                trials = 4, rungs = [1, 2], eta = 2, mode = parallel
                space { "model.hidden-size" = [4, 8], "training.learning-rate" = {min = 0.001, max = 0.02, scale = log} }
                """);
        RoundTrip.Output output = RoundTrip.cli("tune", "--job", job.toString());
        JsonNode report = trials(output);
        assertEquals("parallel", report.get("mode").asText());
        assertEquals("RMSE", report.get("metric").asText());
        List<Integer> epochs = new ArrayList<>();
        for (JsonNode trial : report.get("trials")) {
            epochs.add(trial.get("scores").size());
            assertEquals(trial.get("scores").size() == 2 ? "finished" : "stopped after rung 1",
                    trial.get("status").asText(), trial.toString());
        }
        assertEquals(2, epochs.stream().filter(e -> e == 2).count(), "half the trials go on to the second rung");
        assertEquals(2, epochs.stream().filter(e -> e == 1).count());
        int winner = report.get("winner").asInt();
        JsonNode best = report.get("trials").get(winner - 1);
        assertEquals(2, best.get("scores").size(), "the winner is among those that went on");
        assertTrue(report.get("baselines").has("persistence"), report.get("baselines").toString());

        Path folder = Path.of(java.net.URI.create(output.stdout().strip().replaceFirst("^file:/+", "file:///")));
        JobConfig winning = JobConfigLoader.load(folder.resolve("job.conf").toString(), List.of());
        assertEquals(best.get("values").get("model.hidden-size").asInt(), winning.model().hiddenSize(),
                "the winner's job, ready for train");
        assertEquals(2, winning.training().epochs(), "with the job's own epochs for a full run");
        assertFalse(Files.exists(dir.resolve("models/tune-parallel/CURRENT")), "nothing published without --publish");
    }

    @Test
    void averagingModeAndATrialWhoseWindowCannotFitAndPublish() throws IOException {
        Path job = job("tune-averaging", """
                trials = 3, rungs = [1], mode = averaging
                space { "window.length" = [8, 12, 5000] }
                """);
        RoundTrip.Output output = RoundTrip.cli("tune", "--job", job.toString(), "--publish");
        JsonNode report = trials(output);
        assertEquals("averaging", report.get("mode").asText());
        int failed = 0;
        int ran = 0;
        for (JsonNode trial : report.get("trials")) {
            if (trial.get("values").get("window.length").asInt() == 5000) {
                assertEquals("failed", trial.get("status").asText());
                assertTrue(trial.get("error").asText().contains("data preparation failed"), trial.toString());
                failed++;
            } else {
                assertEquals(1, trial.get("scores").size(), trial.toString());
                ran++;
            }
        }
        assertTrue(failed >= 1 && ran >= 1, "the long window's trials failed alone; the others ran: " + report);
        ModelStore store = ModelStore.open(dir.resolve("models").toString(), "tune-averaging",
                SharedSpark.session().sparkContext().hadoopConfiguration());
        assertTrue(store.current().isPresent(), "--publish trained the winner and published it");
    }

    @Test
    void anEmptySpaceIsExitTwo() throws IOException {
        RoundTrip.Output output = RoundTrip.cli("tune", "--job", job("tune-empty", "trials = 2").toString());
        assertEquals(Main.INVALID_INPUT, output.code());
        assertTrue(output.stderr().contains("tune.space is empty"), output.stderr());
    }
}
