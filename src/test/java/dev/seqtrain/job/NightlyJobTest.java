package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nights of retraining through the command line, on two dated slices of the embedded sample. */
class NightlyJobTest {
    @TempDir
    static Path dir;
    static Path job;

    @BeforeAll
    static void nightsOfData() throws IOException {
        SharedSpark.session();
        List<String> rows = Files.readAllLines(SampleSlice.csv());
        for (int night = 0; night < 2; night++) {
            Path folder = Files.createDirectories(dir.resolve("data/date=2026-11-2" + (5 + night)));
            List<String> lines = new ArrayList<>(List.of(rows.get(0)));
            lines.addAll(rows.subList(1 + 24 * night, rows.size()));
            Files.write(folder.resolve("readings.csv"), lines);
        }
        job = dir.resolve("nightly.conf");
        Files.writeString(job, """
                name = nightly-test
                output = "%s"
                input {
                  path = "%s/date="${date}
                  features = [temperature, pressure, wind]
                  targets = [temperature]
                  time-column = date
                }
                window { length = 12, horizon = 6 }
                model.hidden-size = 8
                training { epochs = 2, learning-rate = 0.01 }
                nightly { epochs = 1, tolerance = 0.02 }
                """.formatted(dir.resolve("models"), dir.resolve("data")));
    }

    private static RoundTrip.Output night(String date, String... extra) {
        List<String> args = new ArrayList<>(List.of("nightly", "--job", job.toString(), "--date", date));
        args.addAll(List.of(extra));
        return RoundTrip.cli(args.toArray(String[]::new));
    }

    private static ModelStore store() {
        return ModelStore.open(dir.resolve("models").toString(), "nightly-test",
                SharedSpark.session().sparkContext().hadoopConfiguration());
    }

    /** The published network's layer types, as metrics.json lists them. */
    private static String layers(String runId) throws IOException {
        return new ObjectMapper().readTree(store().load(runId).text(PublishedModel.METRICS)).get("model").get("summary")
                .toString();
    }

    private static JsonNode gate(String runId) throws IOException {
        return new ObjectMapper().readTree(store().load(runId).text(PublishedModel.METRICS)).get("gate");
    }

    private static List<String> runs() throws IOException {
        try (Stream<Path> list = Files.list(dir.resolve("models/nightly-test/runs"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void nightsWarmStartPassTheGateOnceAndTakeTurns() throws IOException {
        RoundTrip.Output first = night("2026-11-25");
        assertEquals(Main.OK, first.code(), first.stderr());
        assertEquals("promoted", first.stdout().strip());
        String firstRun = store().current().orElseThrow();
        JsonNode firstGate = gate(firstRun);
        assertFalse(firstGate.get("warmStart").asBoolean(), "nothing to warm-start from");
        assertTrue(firstGate.get("promoted").asBoolean());

        assertTrue(layers(firstRun).contains("FusedLstm"), layers(firstRun));

        // Switching to DL4J's LSTM layer still warm-starts: both hold the same parameters.
        RoundTrip.Output second = night("2026-11-26", "--set", "model.engine=dl4j");
        assertTrue(second.code() == Main.OK || second.code() == Main.REJECTED_BY_GATE, second.stderr());
        String secondRun = runs().get(1);
        JsonNode secondGate = gate(secondRun);
        assertTrue(secondGate.get("warmStart").asBoolean());
        assertFalse(layers(secondRun).contains("FusedLstm"), layers(secondRun));
        assertEquals(firstRun, secondGate.get("currentRunId").asText());
        assertEquals(secondGate.get("candidate").asDouble()
                        <= secondGate.get("current").asDouble() * 1.02, secondGate.get("promoted").asBoolean(),
                secondGate.toString());
        assertEquals(secondGate.get("promoted").asBoolean() ? secondRun : firstRun, store().current().orElseThrow());
        assertEquals(secondGate.get("promoted").asBoolean() ? Main.OK : Main.REJECTED_BY_GATE, second.code());
        assertEquals(1, new ObjectMapper().readTree(store().load(secondRun).text(PublishedModel.METRICS))
                .get("epochs").size(), "a warm start trains nightly.epochs");

        RoundTrip.Output again = night("2026-11-26");
        assertEquals(Main.OK, again.code(), again.stderr());
        assertEquals("already-done", again.stdout().strip());
        assertEquals(2, runs().size(), "a night that ran does nothing");

        // Another live run holds the lock: exit 4, nothing trained.
        Path lock = dir.resolve("models/nightly-test/_LOCK");
        Files.writeString(lock, "other-host pid 1\n" + Instant.now() + "\n");
        RoundTrip.Output locked = night("2026-11-26", "--force");
        assertEquals(Main.LOCKED, locked.code());
        assertTrue(locked.stderr().contains("is held by other-host pid 1"), locked.stderr());
        assertEquals(2, runs().size());
        // A lock left by a run killed long ago is taken over.
        Files.writeString(lock, "other-host pid 1\n" + Instant.now().minusSeconds(13 * 3600) + "\n");
        String before = store().current().orElseThrow();
        RoundTrip.Output forced = night("2026-11-26", "--force", "--set", "model.hidden-size=4",
                "--set", "training.epochs=1", "--set", "training.learning-rate=0.000001");
        assertFalse(Files.exists(lock), "the lock is released");
        assertEquals(3, runs().size(), "--force retrains a night");
        JsonNode coldGate = gate(runs().get(2));
        assertFalse(coldGate.get("warmStart").asBoolean(), "another hidden size cannot warm-start");
        assertFalse(coldGate.get("promoted").asBoolean(), "an untrained model does not pass the gate: " + coldGate);
        assertEquals(Main.REJECTED_BY_GATE, forced.code(), forced.stderr());
        assertEquals(before, store().current().orElseThrow(), "a rejected run leaves CURRENT alone");
        assertNotEquals(runs().get(2), store().current().orElseThrow());
    }
}
