package dev.seqtrain.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search space as a job file states it: what it accepts, what it refuses by key, and how it samples. */
class TuneConfigTest {
    @TempDir
    Path dir;

    private static final String JOB = """
            name = demo
            output = /tmp/out
            input { path = data.csv, features = [a, b], targets = [a] }
            tune {
              trials = 6
              space {
                "model.cell" = [lstm, gru]
                "model.hidden-size" = {min = 8, max = 64, scale = log}
                training { "learning-rate" = {min = 0.001, max = 0.1, scale = log} }
                "model.dropout" = {min = 0, max = 0.5}
              }
            }
            """;

    private JobConfig load(String text) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, text);
        return JobConfigLoader.load(file.toString(), List.of());
    }

    private String refused(String space) throws IOException {
        String job = JOB.replaceAll("(?s)space \\{.*?\\n  \\}", "space { " + space.replace("$", "\\$") + " }");
        return assertThrows(InvalidInputException.class, () -> load(job)).getMessage();
    }

    @Test
    void readsChoicesRangesAndNestedKeys() throws IOException {
        TuneConfig tune = load(JOB).tune();
        assertEquals(6, tune.trials());
        assertEquals(List.of(1, 3, 9), tune.rungs(), "the default rungs");
        assertEquals(List.of("model.cell", "model.dropout", "model.hidden-size", "training.learning-rate"),
                tune.space().stream().map(TuneConfig.Dimension::key).toList(), "sorted, so a seed gives the same trials");
        TuneConfig.Dimension hidden = tune.space().get(2);
        assertTrue(hidden.log() && hidden.whole(), "hidden-size takes whole numbers: " + hidden);
        TuneConfig.Dimension rate = tune.space().get(3);
        assertTrue(rate.log() && !rate.whole(), rate.toString());
        assertTrue(!tune.space().get(1).whole(), "dropout is a fraction, though its default is 0: " + tune.space().get(1));
    }

    @Test
    void samplesTheSameTrialsForASeedWithinTheSpace() throws IOException {
        TuneConfig tune = load(JOB).tune();
        List<Map<String, String>> trials = tune.sample(6, 42);
        assertEquals(trials, tune.sample(6, 42));
        assertNotEquals(trials, tune.sample(6, 7), "another seed, other trials");
        Set<String> cells = new HashSet<>();
        Set<Double> dropouts = new HashSet<>();
        for (Map<String, String> trial : trials) {
            cells.add(trial.get("model.cell"));
            double dropout = Double.parseDouble(trial.get("model.dropout"));
            assertTrue(dropout >= 0 && dropout <= 0.5, trial.toString());
            dropouts.add(dropout);
            int hidden = Integer.parseInt(trial.get("model.hidden-size"));
            assertTrue(hidden >= 8 && hidden <= 64, trial.toString());
            double rate = Double.parseDouble(trial.get("training.learning-rate"));
            assertTrue(rate >= 0.001 && rate <= 0.1, trial.toString());
        }
        assertEquals(Set.of("lstm", "gru"), cells, "six trials try both cells");
        assertEquals(6, dropouts.size(), "six dropouts across the range, not six zeros: " + dropouts);
    }

    @Test
    void everyKeyHasItsOwnHaltonBase() {
        assertEquals(List.of(2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43),
                java.util.stream.IntStream.range(0, 14).map(TuneConfig::prime).boxed().toList());
    }

    @Test
    void haltonPointsFillTheIntervalEvenly() {
        assertEquals(0.5, TuneConfig.halton(1, 2), 1e-12);
        assertEquals(0.25, TuneConfig.halton(2, 2), 1e-12);
        assertEquals(0.75, TuneConfig.halton(3, 2), 1e-12);
        assertEquals(1.0 / 3, TuneConfig.halton(1, 3), 1e-12);
        assertEquals(2.0 / 3, TuneConfig.halton(2, 3), 1e-12);
    }

    @Test
    void aBadSpaceIsRefusedNamingTheKey() throws IOException {
        String typo = refused("\"model.hiden-size\" = [8]");
        assertTrue(typo.contains("tune.space.\"model.hiden-size\" is not a job key (did you mean 'model.hidden-size'?)"),
                typo);
        assertTrue(refused("\"input.path\" = [a, b]").contains("cannot be searched"));
        assertTrue(refused("\"model.hidden-size\" = {min = 64, max = 8}").contains("needs min < max"));
        assertTrue(refused("\"training.learning-rate\" = {min = 0, max = 0.1, scale = log}")
                .contains("min > 0 on a log scale"));
        assertTrue(refused("\"training.learning-rate\" = {min = 0.1, max = 1, scale = cubic}")
                .contains("scale must be log or linear"));
        assertTrue(refused("\"model.cell\" = []").contains("must list at least one value"));
        assertTrue(refused("\"model.cell\" = lstm").contains("must be a list of values or a range"));
        String rungs = assertThrows(InvalidInputException.class, () -> load(JOB.replace("trials = 6",
                "trials = 6, rungs = [3, 1]"))).getMessage();
        assertTrue(rungs.contains("tune.rungs must list rising epoch counts"), rungs);
    }
}
