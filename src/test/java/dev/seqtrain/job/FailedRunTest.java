package dev.seqtrain.job;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.FaultyFileSystem;
import dev.seqtrain.storage.ModelStore;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A storage failure in the middle of publishing a run leaves readers on the previous run. */
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

    @Test
    void failureBetweenArtifactsDeletesTheRunAndKeepsCurrent() {
        String output = "faulty://" + dir.toAbsolutePath();
        String[] train = RoundTrip.withJob("train", SampleSlice.csv().toString(), output);
        assertEquals(Main.OK, RoundTrip.cli(train).code());
        ModelStore store = ModelStore.open(output, RoundTrip.MODEL, SharedSpark.session().sparkContext().hadoopConfiguration());
        String first = store.current().orElseThrow();

        FaultyFileSystem.failOn = "metrics.json"; // after model.zip, normalizer.json and job.conf
        RoundTrip.Output failed = RoundTrip.cli(train);
        assertEquals(Main.FAILED, failed.code());
        assertTrue(failed.stderr().contains("injected failure writing"), failed.stderr());

        assertEquals(Optional.of(first), store.current());
        assertEquals(List.of(new ModelStore.RunStatus(first, true, true)), store.runs(), "the failed run's folder is gone");
        store.loadCurrent();
    }
}
