package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.report.GateDecision;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.storage.ModelStore;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The character model trains on Persuasion, reports bits per character, generates text, scores new text
 * (evaluate, predict) and retrains nightly behind a bits-per-character gate.
 */
class CharModelRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void trainsReportsBitsPerCharacterAndGenerates() throws IOException {
        SharedSpark.session();
        String output = dir.toString();
        RoundTrip.Output train = RoundTrip.cli("train", "--job", "austen-charlm", "--set", "output=" + output,
                "--set", "window.length=40", "--set", "window.stride=400", "--set", "training.epochs=2",
                "--set", "model.hidden-size=32", "--set", "training.learning-rate=0.01");
        assertEquals(Main.OK, train.code(), train.stderr());

        ModelStore store = ModelStore.open(output, "austen-charlm", SharedSpark.session().sparkContext().hadoopConfiguration());
        JsonNode metrics = new ObjectMapper().readTree(store.loadCurrent().text(PublishedModel.METRICS));
        assertEquals("charlm", metrics.get("task").asText());
        double unigram = metrics.get("baselines").get("unigram").asDouble();
        assertEquals(4.43, unigram, 0.01, "the unigram entropy of Persuasion's training text");
        double bits = metrics.get("validationBitsPerCharacter").asDouble();
        assertTrue(bits > 0.5 && bits < unigram, "two short epochs beat the unigram entropy: " + bits);
        assertTrue(metrics.get("beatsBaselines").asBoolean());
        assertTrue(store.loadCurrent().text(PublishedModel.VOCABULARY).contains("symbols"), "the vocabulary is saved");

        String[] generate = {"generate", "--job", "austen-charlm", "--set", "output=" + output,
                "--prime", "Anne", "--length", "80", "--seed", "7"};
        RoundTrip.Output first = RoundTrip.cli(generate);
        assertEquals(Main.OK, first.code(), first.stderr());
        String text = first.stdout().stripTrailing();
        assertTrue(text.startsWith("Anne"), text);
        assertEquals(84, text.codePointCount(0, text.length()), "the prime and 80 sampled characters: " + text);
        assertEquals(text, RoundTrip.cli(generate).stdout().stripTrailing(), "the same seed samples the same text");
        generate[generate.length - 1] = "8";
        assertNotEquals(text, RoundTrip.cli(generate).stdout().stripTrailing(), "another seed samples other text");

        RoundTrip.Output badLength = RoundTrip.cli("generate", "--job", "austen-charlm", "--set", "output=" + output,
                "--length", "lots");
        assertEquals(Main.INVALID_INPUT, badLength.code());
        assertTrue(badLength.stderr().contains("--length must be a whole number"), badLength.stderr());
        String[] job = {"--job", "austen-charlm", "--set", "output=" + output, "--set", "window.length=40",
                "--set", "model.hidden-size=32"};
        RoundTrip.Output evaluate = RoundTrip.cli(concat(new String[]{"evaluate"}, job));
        assertEquals(Main.OK, evaluate.code(), evaluate.stderr());
        JsonNode evaluation = new ObjectMapper().readTree(evaluate.stdout());
        double newBits = evaluation.get("bitsPerCharacter").asDouble();
        assertTrue(newBits > 0.5 && newBits < evaluation.get("baselines").get("unigram").asDouble(),
                "on the whole novel it beats the training text's character frequencies: " + evaluation);
        assertEquals(1, evaluation.get("documents").asInt());

        String predictions = dir.resolve("bits").toString();
        RoundTrip.Output predict = RoundTrip.cli(concat(new String[]{"predict", "--out", predictions, "--format", "csv"},
                job));
        assertEquals(Main.OK, predict.code(), predict.stderr());
        List<Row> rows = SharedSpark.session().read().option("header", "true").option("inferSchema", "true")
                .csv(predictions).collectAsList();
        assertEquals(1, rows.size(), "one row per document");
        assertEquals(evaluation.get("characters").asLong(), rows.get(0).getInt(rows.get(0).fieldIndex("characters")));
        assertEquals(newBits, rows.get(0).getDouble(rows.get(0).fieldIndex("bits_per_char")), 1e-9,
                "predict and evaluate agree");

        RoundTrip.Output night = RoundTrip.cli(concat(new String[]{"nightly", "--date", "2026-11-25",
                "--set", "nightly.epochs=1", "--set", "window.stride=400"}, job));
        assertTrue(night.code() == Main.OK || night.code() == Main.REJECTED_BY_GATE, night.stderr());
        GateDecision gate = PublishedModel.of(store.load(store.runs().get(1).runId())).metrics().gate();
        assertEquals("bits/char", gate.metric());
        assertTrue(gate.warmStart(), "the same model and vocabulary: " + gate);
        assertTrue(store.loadCurrent().text(RunReport.FILE).contains("Sample text"), "the report shows what it writes");
    }

    private static String[] concat(String[] first, String[] second) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray(String[]::new);
    }
}
