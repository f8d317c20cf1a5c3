package dev.seqtrain.storage;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFolderTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesArtifactsUnderModelAndRunIdThenSuccessLast() throws IOException {
        RunFolder folder = RunFolder.create(dir.toString(), "demo", "run-1", conf);
        Path local = dir.resolve("demo/runs/run-1");
        folder.writeText("metrics.json", "{}\n");
        assertFalse(Files.exists(local.resolve(RunFolder.SUCCESS)), "not complete before commit");
        folder.commit();
        assertEquals(List.of("_SUCCESS", "metrics.json"), files(local), "no .crc side files");
        assertEquals("{}\n", Files.readString(local.resolve("metrics.json")));
    }

    @Test
    void aSecondRunWithTheSameIdIsRefused() {
        RunFolder.create(dir.toString(), "demo", "run-1", conf);
        assertThrows(IllegalStateException.class, () -> RunFolder.create(dir.toString(), "demo", "run-1", conf));
    }

    @Test
    void discardRemovesAFailedRun() {
        RunFolder folder = RunFolder.create(dir.toString(), "demo", "run-2", conf);
        folder.writeText("model.zip", "partial");
        folder.discard();
        assertFalse(Files.exists(dir.resolve("demo/runs/run-2")));
        assertTrue(Files.exists(dir.resolve("demo/runs")));
    }

    @Test
    void barePathIsLocalAndUrisKeepTheirScheme() {
        assertEquals("file", Locations.resolve("relative/out").toUri().getScheme());
        assertTrue(Locations.resolve("relative/out").toUri().getPath().endsWith("/relative/out"));
        assertEquals("hdfs", Locations.resolve("hdfs://127.0.0.1:9000/models").toUri().getScheme());
        assertEquals("s3a", Locations.resolve("s3a://bucket/models").toUri().getScheme());
    }

    @Test
    void runIdsSortByTimeAndDiffer() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T13:54:24Z"),
                java.time.ZoneOffset.UTC);
        String id = RunIds.next(clock);
        assertTrue(id.matches("20261127T135424Z-[0-9a-f]{4}"), id);
    }
}
