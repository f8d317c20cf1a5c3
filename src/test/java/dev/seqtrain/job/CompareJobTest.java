package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.model.ParameterCounts;
import dev.seqtrain.config.CellType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny compare run through the command line: every row in the JSON, charts in the HTML. */
class CompareJobTest {
    @TempDir
    Path dir;

    @Test
    void comparesTheThreeCellsOnTheAddingProblemAndTheJobsData() throws Exception {
        SharedSpark.session();
        RoundTrip.Output compare = RoundTrip.cli("compare", "--job", "compare-rnn-lstm", "--set", "output=" + dir,
                "--set", "input.path=" + SampleSlice.csv(), "--set", "window.length=12", "--set", "training.epochs=1",
                "--set", "model.hidden-size=6", "--set", "compare.adding-lengths=[4,8]",
                "--set", "compare.adding-train=128", "--set", "compare.adding-validation=32",
                "--set", "compare.adding-epochs=2");
        assertEquals(Main.OK, compare.code(), compare.stderr());

        Path reports = dir.resolve("compare-rnn-lstm/compare");
        Path folder;
        try (Stream<Path> list = Files.list(reports)) {
            folder = list.findFirst().orElseThrow();
        }
        assertEquals(folder.toUri().toString().replaceAll("/$", ""), compare.stdout().strip().replace("file:/", "file:///"),
                "the command prints where the report is");
        JsonNode report = new ObjectMapper().readTree(folder.resolve(CompareJob.JSON).toFile());
        JsonNode tasks = report.get("tasks");
        assertEquals(3, tasks.size(), "T=4, T=8 and the job's data");
        for (int t = 0; t < 2; t++) {
            JsonNode task = tasks.get(t);
            assertEquals(t == 0 ? 4 : 8, task.get("sequenceLength").asInt());
            assertEquals("MSE", task.get("metric").asText());
            assertEquals(1.0 / 6, task.get("baselineValue").asDouble(), 0.06, "the constant predictor's MSE is about 1/6");
            List<String> labels = new ArrayList<>();
            for (JsonNode cell : task.get("cells")) {
                labels.add(cell.get("label").asText());
                assertEquals(2, cell.get("trainLoss").size(), "one loss per epoch");
                assertEquals(task.get("sequenceLength").asInt(), cell.get("gradientNorms").size(), "a norm per step");
                assertTrue(cell.get("trainingWindowsPerSecond").asDouble() > 0);
                assertTrue(cell.get("inferenceWindowsPerSecond").asDouble() > 0);
                assertEquals(cell.get("metric").asDouble() < 0.01, cell.get("solved").asBoolean());
            }
            assertEquals(List.of("rnn", "gru", "lstm", "rnn (matched params)"), labels);
            // 6 hidden units over 2 inputs, one output: RNN 6·(2+6+1) + 7, GRU 3·6·(2+6+2) + 7, LSTM 4·6·(2+6+1) + 7.
            assertEquals(ParameterCounts.stack(CellType.RNN, 2, 6, 1, 1).total(), 61);
            assertEquals(61, total(task.get("cells").get(0)));
            assertEquals(187, total(task.get("cells").get(1)));
            assertEquals(223, total(task.get("cells").get(2)));
            assertTrue(Math.abs(total(task.get("cells").get(3)) - 223) < 20, "the widened RNN matches the LSTM's size");
        }
        JsonNode user = tasks.get(2);
        assertEquals("RMSE", user.get("metric").asText());
        assertEquals("seasonal-naive", user.get("baseline").asText(), "yesterday's hour, from the series' history, "
                + "is the best baseline on smooth hourly normals");
        assertEquals(3, user.get("cells").size());
        assertTrue(List.of("rnn", "gru", "lstm").contains(report.get("recommendation").get("cell").asText()),
                report.get("recommendation").toString());
        assertTrue(report.get("recommendation").get("text").asText().contains("GRU"), report.get("recommendation").toString());
        assertFalse(Files.exists(dir.resolve("compare-rnn-lstm/runs")), "the job's own runs and CURRENT are left alone");
        assertTrue(Files.exists(dir.resolve("compare-rnn-lstm-compare-lstm/CURRENT")));
        assertTrue(Files.exists(dir.resolve("compare-rnn-lstm-compare-gru/CURRENT")));

        String html = Files.readString(folder.resolve(CompareJob.REPORT));
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))); // well-formed
        Matcher images = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int charts = 0;
        while (images.find()) {
            byte[] png = Base64.getDecoder().decode(images.group(1));
            assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
            charts++;
        }
        assertTrue(charts >= 3, "metric against T, gradient norms and loss curves: " + charts);
        assertTrue(html.contains("<table"), "the RNN-vs-LSTM table");
    }

    private static long total(JsonNode cell) {
        long total = 0;
        for (JsonNode layer : cell.get("parameters").get("layers")) {
            total += layer.get("parameters").asLong();
        }
        return total;
    }
}
