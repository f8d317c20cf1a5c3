package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The character model trains on Persuasion, reports bits per character, and generates text. */
class CharLmJobTest {
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
        assertTrue(store.loadCurrent().text(CharLmJob.VOCABULARY).contains("symbols"), "the vocabulary is saved");

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

        RoundTrip.Output evaluate = RoundTrip.cli("evaluate", "--job", "austen-charlm", "--set", "output=" + output);
        assertEquals(Main.INVALID_INPUT, evaluate.code());
        assertTrue(evaluate.stderr().contains("evaluate scores forecast models (input.kind = series); austen-charlm "
                + "is a text job"), evaluate.stderr());
    }
}
