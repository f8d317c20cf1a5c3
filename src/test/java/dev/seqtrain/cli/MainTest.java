package dev.seqtrain.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command-line errors that stop before Spark starts: one line naming the problem, exit code 2. */
class MainTest {
    @TempDir
    Path dir;

    private String stdout;
    private String stderr;

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Path jobWith(String extraLine) throws IOException {
        Path job = dir.resolve("bad.conf");
        Files.writeString(job, """
                name = bad
                output = "%s"
                input { path = "embedded:seattle-hourly-normals.csv", features = [temperature], targets = [temperature] }
                %s
                """.formatted(dir.resolve("out"), extraLine));
        return job;
    }

    @Test
    void unknownKeyExitsWithTwoAndOneLineAndNoRunFolder() throws IOException {
        Path job = jobWith("training { epocs = 3 }");
        assertEquals(Main.INVALID_INPUT, run("train", "--job", job.toString()));
        assertEquals("seqtrain: " + job + ": 4: unknown key 'training.epocs' (did you mean 'training.epochs'?)\n",
                stderr);
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void wrongTypeExitsWithTwoNamingKeyAndFile() throws IOException {
        Path job = jobWith("model.hidden-size = large");
        assertEquals(Main.INVALID_INPUT, run("train", "--job", job.toString()));
        assertTrue(stderr.startsWith("seqtrain: " + job + ": 4: model.hidden-size must be a whole number, got 'large'"),
                stderr);
        assertEquals(1, stderr.lines().count());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void unknownCommandOrOptionPrintsUsage() {
        assertEquals(Main.INVALID_INPUT, run("fly"));
        assertTrue(stderr.startsWith("seqtrain: unknown command 'fly'\nusage: seqtrain <command>"), stderr);
        assertEquals(Main.INVALID_INPUT, run("train", "--jobs", "x"));
        assertTrue(stderr.startsWith("seqtrain: unknown option '--jobs' for train"), stderr);
        assertEquals(Main.INVALID_INPUT, run("train", "--run", "x"));
        assertTrue(stderr.startsWith("seqtrain: unknown option '--run' for train"), stderr);
        assertEquals(Main.INVALID_INPUT, run("promote"));
        assertTrue(stderr.startsWith("seqtrain: promote needs --run <run-id>"), stderr);
        assertEquals(Main.INVALID_INPUT, run("predict", "--run", "r"));
        assertTrue(stderr.startsWith("seqtrain: predict needs --out <path>"), stderr);
        assertEquals(Main.INVALID_INPUT, run("predict", "--out", "o", "--format", "xlsx"));
        assertTrue(stderr.startsWith("seqtrain: --format must be parquet or csv, got 'xlsx'"), stderr);
        assertEquals(Main.INVALID_INPUT, run("train", "--set"));
        assertTrue(stderr.startsWith("seqtrain: --set needs a value"), stderr);
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(Main.OK, run("help"));
        assertTrue(stdout.contains("exit codes"));
    }
}
