package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.sequence.TextWindows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of job file, inspected through the command line on its embedded real data. */
class InspectJobTest {
    @BeforeAll
    static void startSpark() {
        SharedSpark.session();
    }

    private static JsonNode inspect(String job) throws IOException {
        RoundTrip.Output output = RoundTrip.cli("inspect", "--job", job);
        assertEquals(Main.OK, output.code(), output.stderr());
        return new ObjectMapper().readTree(output.stdout());
    }

    @Test
    void oneLongSeries() throws IOException {
        JsonNode report = inspect("sample-forecast");
        assertEquals("series", report.get("kind").asText());
        assertEquals(1, report.get("series").asInt());
        assertEquals(8759, report.get("rows").asInt());
        assertEquals(7007 - 30 + 1, report.get("windows").get("train").asInt());
        assertEquals(1752 - 30 + 1, report.get("windows").get("validation").asInt());
        assertEquals(0, report.get("skippedWindows").asInt());
        assertEquals(2, report.get("partitions").asInt());
        JsonNode balance = report.get("trainWindowsPerPartition");
        assertTrue(balance.get(2).asInt() - balance.get(0).asInt() < 300, "balanced by windows: " + balance);
    }

    @Test
    void variableLengthLabelledSequences() throws IOException {
        JsonNode report = inspect("seasons-classify");
        assertEquals("sequences", report.get("kind").asText());
        int train = report.get("sequences").get("train").asInt();
        int validation = report.get("sequences").get("validation").asInt();
        assertEquals(48, train + validation, "four years of months");
        assertTrue(validation >= 6 && validation <= 20, "about a quarter of the months validate: " + validation);
        assertEquals(28, report.get("stepsMinMedianMax").get(0).asInt());
        assertEquals(31, report.get("stepsMinMedianMax").get(2).asInt());
        assertEquals(4, report.get("labels").size(), report.get("labels").toString());
        double bucketed = report.get("paddingFraction").asDouble();
        assertTrue(bucketed >= 0 && bucketed < 0.05, "months differ by at most 3 days: " + bucketed);
        assertTrue(bucketed <= report.get("paddingFractionWithoutBucketing").asDouble());
    }

    @Test
    void textCorpus() throws IOException {
        JsonNode report = inspect("austen-charlm");
        assertEquals("text", report.get("kind").asText());
        assertEquals(1, report.get("documents").asInt());
        int characters = report.get("characters").asInt();
        assertTrue(characters > 450_000, "Persuasion is about 467 KB: " + characters);
        int boundary = TextWindows.boundary(characters, 0.1);
        assertEquals(TextWindows.count(boundary, 100, 100), report.get("windows").get("train").asInt());
        assertEquals(TextWindows.count(characters - boundary, 100, 100), report.get("windows").get("validation").asInt());
        assertTrue(report.get("vocabularySize").asInt() > 60);
        double bits = report.get("unigramBitsPerCharacter").asDouble();
        assertTrue(bits > 4.0 && bits < 4.7, "unigram entropy of English text: " + bits);
    }
}
