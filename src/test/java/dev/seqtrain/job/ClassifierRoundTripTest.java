package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.PublishedRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The variable-length classification job trains, checkpoints and publishes on its embedded real data. */
class ClassifyJobTest {
    @TempDir
    Path dir;

    @Test
    void seasonsOfMonthlyWeatherTrainAgainstTheirBaselines() throws IOException {
        SharedSpark.session();
        String output = dir.toString();
        RoundTrip.Output train = RoundTrip.cli("train", "--job", "seasons-classify", "--set", "output=" + output,
                "--set", "training.epochs=3", "--set", "model.hidden-size=8", "--set", "training.learning-rate=0.02");
        assertEquals(Main.OK, train.code(), train.stderr());

        ModelStore store = ModelStore.open(output, "seasons-classify", SharedSpark.session().sparkContext().hadoopConfiguration());
        PublishedRun run = store.loadCurrent();
        JsonNode metrics = new ObjectMapper().readTree(run.text(PublishedModel.METRICS));
        assertEquals("classify", metrics.get("task").asText());
        assertEquals("[\"autumn\",\"spring\",\"summer\",\"winter\"]", metrics.get("labels").toString());
        assertEquals(metrics.get("labels").toString(), new ObjectMapper().readTree(run.text(ClassifyJob.LABELS)).toString());
        assertEquals(3, metrics.get("epochs").size());
        JsonNode validation = metrics.get("validation");
        long counted = 0;
        for (JsonNode row : validation.get("confusion")) {
            for (JsonNode cell : row) {
                counted += cell.asLong();
            }
        }
        assertEquals(metrics.get("data").get("validationSequences").asLong(), counted, "every validation month counted");
        assertTrue(validation.get("accuracy").asDouble() >= 0 && validation.get("accuracy").asDouble() <= 1);
        JsonNode baselines = metrics.get("baselines");
        assertTrue(baselines.has("majority-class") && baselines.has("naive-bayes"), baselines.toString());
        assertTrue(baselines.get("naive-bayes").get("accuracy").asDouble()
                        > baselines.get("majority-class").get("accuracy").asDouble(),
                "the mean temperature of a month says a lot about its season: " + baselines);
        assertTrue(validation.get("accuracy").asDouble() > baselines.get("majority-class").get("accuracy").asDouble(),
                "three epochs beat always answering the commonest season: " + validation.get("accuracy"));
        double padding = metrics.get("data").get("paddingFraction").asDouble();
        assertTrue(padding > 0 && padding < 0.05, "months differ by at most 3 days: " + padding);
        assertEquals(metrics.get("validation").get("f1").asDouble() > baselines.get(metrics.get("bestBaseline").asText())
                .get("f1").asDouble(), metrics.get("beatsBaselines").asBoolean());

        RoundTrip.Output runs = RoundTrip.cli("runs", "--job", "seasons-classify", "--set", "output=" + output);
        assertTrue(runs.stdout().contains(" F1 "), runs.stdout());
    }

    @Test
    void passagesOfSixNovelsTrainAgainstNaiveBayesOnWords() throws IOException {
        SharedSpark.session();
        String output = dir.toString();
        RoundTrip.Output train = RoundTrip.cli("train", "--job", "austen-classify", "--set", "output=" + output,
                "--set", "window.length=60", "--set", "window.stride=4000", "--set", "training.epochs=1",
                "--set", "model.hidden-size=8");
        assertEquals(Main.OK, train.code(), train.stderr());

        ModelStore store = ModelStore.open(output, "austen-classify", SharedSpark.session().sparkContext().hadoopConfiguration());
        PublishedRun run = store.loadCurrent();
        JsonNode metrics = new ObjectMapper().readTree(run.text(PublishedModel.METRICS));
        assertEquals("[\"emma\",\"mansfield-park\",\"northanger-abbey\",\"persuasion\",\"pride-and-prejudice\","
                + "\"sense-and-sensibility\"]", metrics.get("labels").toString());
        assertTrue(run.text(CharLmJob.VOCABULARY).contains("symbols"), "the character vocabulary is saved");
        JsonNode data = metrics.get("data");
        // 4 million characters, 90% training, one passage every 4,000: about 900.
        assertTrue(data.get("trainSequences").asLong() > 850 && data.get("trainSequences").asLong() < 950, data.toString());
        JsonNode baselines = metrics.get("baselines");
        double majority = baselines.get("majority-class").get("accuracy").asDouble();
        double bayes = baselines.get("naive-bayes-word-ngrams").get("accuracy").asDouble();
        assertTrue(majority > 0.15 && majority < 0.3, "Emma and Mansfield Park are the longest novels: " + majority);
        assertTrue(bayes > majority + 0.1, "characters' names give the novel away: " + bayes + " vs " + majority);
    }
}
