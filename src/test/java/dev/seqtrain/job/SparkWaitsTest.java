package dev.seqtrain.job;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.StuckFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No Spark wait is unbounded: a stage that stops finishing tasks fails the command, naming the stage. */
class SparkWaitsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void registerStuckScheme() {
        Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();
        conf.set("fs.stuck.impl", StuckFileSystem.class.getName());
        conf.setBoolean("fs.stuck.impl.disable.cache", true);
    }

    @Test
    @Timeout(90)
    void aStageThatStopsFinishingTasksFailsTheRunNamingItAndCurrentStays() {
        String output = dir.resolve("models").toString();
        assertEquals(Main.OK, RoundTrip.cli(RoundTrip.withJob("train", SampleSlice.csv().toString(), output)).code());
        ModelStore store = ModelStore.open(output, RoundTrip.MODEL, SharedSpark.session().sparkContext().hadoopConfiguration());
        Optional<String> current = store.current();

        long start = System.nanoTime();
        RoundTrip.Output stuck = RoundTrip.cli(RoundTrip.withJob("train", "stuck://" + SampleSlice.csv().toAbsolutePath(),
                output, "--set", "training.stall-timeout=3s"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(Main.FAILED, stuck.code(), stuck.stderr());
        assertTrue(stuck.stderr().contains("failed: Spark stage "), stuck.stderr());
        assertTrue(stuck.stderr().contains("finished no task for 3 s"), stuck.stderr());
        assertTrue(seconds < 60, "cancelled in " + seconds + " s");
        assertEquals(current, store.current(), "CURRENT is untouched");
        assertEquals(1, store.runs().size(), "the stalled run left no folder behind");
    }
}
