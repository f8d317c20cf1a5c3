package dev.seqtrain.storage;

import dev.seqtrain.config.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage layout on the local filesystem; HdfsRoundTripTest and S3RoundTripTest repeat the path on HDFS and S3. */
class ModelStoreTest {
    @TempDir
    Path dir;

    private ModelStore store() {
        return ModelStore.open(dir.toString(), "demo", new Configuration());
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void publish(String runId, String model) {
        ModelStore store = store();
        RunFolder run = store.createRun(runId);
        run.writeText("model.zip", model);
        run.writeText("metrics.json", "{}\n");
        run.commit();
        store.promote(runId);
    }

    @Test
    void publishedRunHasItsArtifactsAManifestAndBecomesCurrent() throws IOException {
        publish("run-1", "weights-1");
        Path local = dir.resolve("demo/runs/run-1");
        assertEquals(List.of("_SUCCESS", "manifest.json", "metrics.json", "model.zip"), files(local), "no .crc files");
        String manifest = Files.readString(local.resolve("manifest.json"));
        assertTrue(manifest.contains("\"name\" : \"model.zip\""), manifest);
        assertTrue(manifest.contains("\"bytes\" : 9"), manifest);
        assertEquals("run-1\n", Files.readString(dir.resolve("demo/CURRENT")));
        assertArrayEquals("weights-1".getBytes(StandardCharsets.UTF_8), store().loadCurrent().bytes("model.zip"));
        assertEquals(List.of("CURRENT", "runs"), files(dir.resolve("demo")), "no temporary files left");
    }

    @Test
    void aRunWithoutManifestDoesNotExistForReaders() {
        publish("run-1", "weights-1");
        RunFolder dying = store().createRun("run-2");
        dying.writeText("model.zip", "half");
        assertEquals(List.of(new ModelStore.RunStatus("run-1", true, false, true, false), new ModelStore.RunStatus("run-2", false, false, false, false)),
                store().runs());
        assertEquals(Optional.of("run-1"), store().current());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store().promote("run-2"));
        assertTrue(e.getMessage().startsWith("no complete run run-2 under "), e.getMessage());
        assertEquals(Optional.of("run-1"), store().current());
    }

    @Test
    void failureBetweenArtifactWritesLeavesReadersOnThePreviousRun() {
        publish("run-1", "weights-1");
        RunFolder failing = store().createRun("run-2");
        failing.writeText("model.zip", "weights-2");
        assertThrows(IOException.class, () -> {
            try {
                failing.write("normalizer.json", out -> {
                    out.write("{\"mean\":".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("injected: disk gone");
                });
            } catch (java.io.UncheckedIOException wrapped) {
                throw wrapped.getCause();
            }
        });
        failing.discard();
        assertFalse(Files.exists(dir.resolve("demo/runs/run-2")));
        assertArrayEquals("weights-1".getBytes(StandardCharsets.UTF_8), store().loadCurrent().bytes("model.zip"));
    }

    @Test
    void failureDuringTheCurrentUpdateKeepsTheOldPointer() throws IOException {
        publish("run-1", "weights-1");
        org.apache.hadoop.fs.Path current = new org.apache.hadoop.fs.Path(store().root(), ModelStore.CURRENT);
        org.apache.hadoop.fs.FileSystem fs = current.getFileSystem(new Configuration());
        assertThrows(IOException.class, () -> AtomicFiles.replace(fs, current, out -> {
            out.write("run-".getBytes(StandardCharsets.UTF_8));
            throw new IOException("injected: killed while writing CURRENT");
        }));
        assertEquals(Optional.of("run-1"), store().current());
        assertEquals(List.of("CURRENT", "runs"), files(dir.resolve("demo")), "the temporary file is cleaned up");
    }

    @Test
    void corruptedArtifactIsRefusedOnLoadAndPromote() throws IOException {
        publish("run-1", "weights-1");
        Files.writeString(dir.resolve("demo/runs/run-1/model.zip"), "weights-X");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store().loadCurrent());
        assertTrue(e.getMessage().startsWith("run run-1: model.zip does not match manifest.json (9 bytes, sha256 "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("refusing to load it"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> store().promote("run-1"));
        assertFalse(store().runs().get(0).corrupt(), "the same size: only the checksum tells");
        Files.writeString(dir.resolve("demo/runs/run-1/model.zip"), "weights");
        assertTrue(store().runs().get(0).corrupt(), "a truncated artifact shows in the listing");
    }

    @Test
    void promoteRollsBackToAnEarlierRun() {
        publish("run-1", "weights-1");
        publish("run-2", "weights-2");
        assertEquals(Optional.of("run-2"), store().current());
        store().promote("run-1");
        assertArrayEquals("weights-1".getBytes(StandardCharsets.UTF_8), store().loadCurrent().bytes("model.zip"));
    }

    @Test
    void aSecondRunWithTheSameIdIsRefused() {
        store().createRun("run-1");
        assertThrows(IllegalStateException.class, () -> store().createRun("run-1"));
    }

    @Test
    void noRunsYet() {
        assertEquals(List.of(), store().runs());
        assertEquals(Optional.empty(), store().current());
        assertThrows(InvalidInputException.class, () -> store().loadCurrent());
    }

    @Test
    void barePathIsLocalAndUrisKeepTheirScheme() {
        assertEquals("file", Locations.resolve("relative/out").toUri().getScheme());
        assertTrue(Locations.resolve("relative/out").toUri().getPath().endsWith("/relative/out"));
        assertEquals("hdfs", Locations.resolve("hdfs://127.0.0.1:9000/models").toUri().getScheme());
        assertEquals("s3a", Locations.resolve("s3a://bucket/models").toUri().getScheme());
    }

    @Test
    void runIdsSortByTimeAndCarryARandomSuffix() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T13:54:24Z"), ZoneOffset.UTC);
        assertTrue(RunIds.next(clock).matches("20261127T135424000Z-[0-9a-f]{4}"));
    }
}
