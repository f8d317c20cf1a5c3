package dev.seqtrain.cli;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What scripts/, jobs/ and conf/ name must exist, so they never drift from the code. */
class ScriptsAndJobsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyClassTheScriptsNameExists() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(ROOT.resolve("scripts"))) {
            scripts = files.filter(Files::isRegularFile).toList();
        }
        int found = 0;
        for (Path script : scripts) {
            Matcher classes = Pattern.compile("(?:dev\\.seqtrain|org\\.apache\\.spark)(?:\\.\\w+)+")
                    .matcher(Files.readString(script));
            while (classes.find()) {
                String name = classes.group();
                assertDoesNotThrow(() -> Class.forName(name, false, getClass().getClassLoader()), script + ": " + name);
                found++;
            }
        }
        assertTrue(found >= 3, "SparkSubmit, the main class and the benchmark's");
        String launcher = Files.readString(ROOT.resolve("scripts/seqtrain"))
                + Files.readString(ROOT.resolve("scripts/lib/jars.sh"));
        for (String file : List.of("conf/log4j2.properties", "conf/spark-defaults.conf",
                "src/spark-distribution/pom.xml")) {
            assertTrue(launcher.contains(file.substring(file.indexOf('/') + 1)), file);
            assertTrue(Files.isRegularFile(ROOT.resolve(file)), file);
        }
    }

    @Test
    void theBenchmarksPythonIsValidPython() throws Exception {
        for (String file : List.of("pytorch_rnn.py", "summary.py", "epoch_sweep.py")) {
            Path script = ROOT.resolve("scripts/bench/" + file);
            Process check = new ProcessBuilder("python3", "-c",
                    "import ast, sys; ast.parse(open(sys.argv[1]).read())", script.toString())
                    .redirectErrorStream(true).start();
            assertTrue(check.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "python3 answered");
            assertEquals(0, check.exitValue(), file + ": " + new String(check.getInputStream().readAllBytes()));
        }
    }

    @Test
    void everyJobFileIsValidAndEmbedded() throws IOException {
        List<Path> jobs;
        try (Stream<Path> files = Files.list(ROOT.resolve("jobs"))) {
            jobs = files.filter(p -> p.toString().endsWith(".conf")).toList();
        }
        assertFalse(jobs.isEmpty());
        for (Path job : jobs) {
            JobConfig fromFile = JobConfigLoader.load(job.toString(), List.of());
            String name = job.getFileName().toString().replace(".conf", "");
            JobConfig embedded = JobConfigLoader.load(name, List.of());
            assertTrue(fromFile.resolved().equals(embedded.resolved()), name + " is embedded as it is in jobs/");
        }
    }

    @Test
    void sparkDefaultsConfigureTheRegistratorTheJobExpects() throws IOException {
        String defaults = Files.readString(ROOT.resolve("conf/spark-defaults.conf"));
        Matcher registrator = Pattern.compile("spark\\.kryo\\.registrator\\s+(\\S+)").matcher(defaults);
        assertTrue(registrator.find());
        assertDoesNotThrow(() -> Class.forName(registrator.group(1), false, getClass().getClassLoader()));
    }
}
