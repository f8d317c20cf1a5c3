package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.GateDecision;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.PublishedRun;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifiers through the command line on their embedded real data: train against their baselines,
 * then runs, evaluate, predict (with and without labels) and a nightly retrain with its gate.
 */
class ClassifierRoundTripTest {
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
        assertEquals(metrics.get("labels").toString(), new ObjectMapper().readTree(run.text(PublishedModel.LABELS)).toString());
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

        assertTrue(run.text(RunReport.FILE).contains("Confusion matrix"), "the run's report draws the confusion matrix");

        RoundTrip.Output runs = RoundTrip.cli("runs", "--job", "seasons-classify", "--set", "output=" + output);
        assertTrue(runs.stdout().contains("macro F1 "), runs.stdout());
        servesNewData("seasons-classify", output, run.runId());
    }

    /**
     * evaluate, predict (as written, and without the label column) and nightly for the CURRENT model of
     * a sequence classifier, on the data it was trained on (the embedded months).
     */
    private void servesNewData(String job, String output, String runId) throws IOException {
        ModelStore store = ModelStore.open(output, job, SharedSpark.session().sparkContext().hadoopConfiguration());
        PublishedModel model = PublishedModel.of(store.loadCurrent());
        ClassificationMetrics metrics = (ClassificationMetrics) model.metrics();
        long sequences = metrics.data().trainSequences() + metrics.data().validationSequences();

        RoundTrip.Output evaluate = RoundTrip.cli("evaluate", "--job", job, "--set", "output=" + output);
        assertEquals(Main.OK, evaluate.code(), evaluate.stderr());
        JsonNode evaluation = new ObjectMapper().readTree(evaluate.stdout());
        assertEquals(runId, evaluation.get("runId").asText());
        assertEquals(sequences, evaluation.get("examples").asLong(), "every month scored");
        long counted = 0;
        for (JsonNode row : evaluation.get("model").get("confusion")) {
            for (JsonNode cell : row) {
                counted += cell.asLong();
            }
        }
        assertEquals(sequences, counted);
        assertTrue(evaluation.get("baselines").has("majority-class"), evaluation.toString());
        assertTrue(evaluation.get("missingBaselines").has("naive-bayes"), "not kept with the run, so said missing");

        String predictions = dir.resolve("predictions").toString();
        RoundTrip.Output predict = RoundTrip.cli("predict", "--job", job, "--set", "output=" + output,
                "--out", predictions);
        assertEquals(Main.OK, predict.code(), predict.stderr());
        List<Row> rows = SharedSpark.session().read().parquet(predictions).orderBy("sequence").collectAsList();
        assertEquals(sequences, rows.size(), "one row per month");
        Row first = rows.get(0);
        List<String> labels = model.labels();
        double sum = 0;
        double best = 0;
        for (String label : labels) {
            double p = first.getDouble(first.fieldIndex("p_" + label));
            sum += p;
            best = Math.max(best, p);
        }
        assertEquals(1.0, sum, 1e-4, "class probabilities of one month sum to 1");
        assertEquals(best, first.getDouble(first.fieldIndex("probability")), 1e-9);
        assertTrue(labels.contains(first.getString(first.fieldIndex("predicted"))));
        assertTrue(labels.contains(first.getString(first.fieldIndex("actual"))));
        long correct = rows.stream().filter(r -> r.getString(r.fieldIndex("predicted"))
                .equals(r.getString(r.fieldIndex("actual")))).count();
        assertEquals(evaluation.get("model").get("accuracy").asDouble(), (double) correct / sequences, 1e-9,
                "predict and evaluate agree");

        // New months without the season column: predicted all the same, with no actual.
        Path unlabelled = dir.resolve("unlabelled.csv");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(getClass().getClassLoader()
                .getResourceAsStream("samples/seattle-weather-months.csv"), java.nio.charset.StandardCharsets.UTF_8))) {
            List<String> header = List.of(lines.readLine().split(","));
            int season = header.indexOf("season");
            List<String> out = new java.util.ArrayList<>();
            out.add(String.join(",", header.stream().filter(h -> !h.equals("season")).toList()));
            lines.lines().forEach(line -> {
                List<String> fields = new java.util.ArrayList<>(List.of(line.split(",", -1)));
                fields.remove(season);
                out.add(String.join(",", fields));
            });
            Files.write(unlabelled, out);
        }
        String blind = dir.resolve("blind").toString();
        RoundTrip.Output predictBlind = RoundTrip.cli("predict", "--job", job, "--set", "output=" + output,
                "--set", "input.path=" + unlabelled, "--out", blind, "--format", "csv");
        assertEquals(Main.OK, predictBlind.code(), predictBlind.stderr());
        List<Row> blindRows = SharedSpark.session().read().option("header", "true").csv(blind).orderBy("sequence")
                .collectAsList();
        assertEquals(sequences, blindRows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).getString(rows.get(i).fieldIndex("predicted")),
                    blindRows.get(i).getString(blindRows.get(i).fieldIndex("predicted")), "labels do not change a prediction");
            assertTrue(blindRows.get(i).isNullAt(blindRows.get(i).fieldIndex("actual")));
        }

        // A night of retraining: a warm start from CURRENT, judged by macro F1 on the night's validation months.
        RoundTrip.Output night = RoundTrip.cli("nightly", "--job", job, "--set", "output=" + output,
                "--set", "model.hidden-size=8", "--set", "nightly.epochs=1", "--date", "2026-11-25");
        assertTrue(night.code() == Main.OK || night.code() == Main.REJECTED_BY_GATE, night.stderr());
        List<ModelStore.RunStatus> runs = store.runs();
        assertEquals(2, runs.size(), "the night's run is published either way");
        GateDecision gate = PublishedModel.of(store.load(runs.get(1).runId())).metrics().gate();
        assertEquals("macro F1", gate.metric());
        assertTrue(gate.warmStart(), gate.toString());
        assertEquals(runId, gate.currentRunId());
        assertEquals(night.code() == Main.OK, gate.promoted());
        assertEquals(gate.promoted() ? runs.get(1).runId() : runId, store.current().orElseThrow());

        // A night without spring: the labels changed, so no warm start after all, and the job's own epochs.
        Path noSpring = dir.resolve("no-spring.csv");
        try (var months = getClass().getClassLoader().getResourceAsStream("samples/seattle-weather-months.csv")) {
            Files.write(noSpring, new String(months.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.endsWith(",spring")).toList());
        }
        RoundTrip.Output cold = RoundTrip.cli("nightly", "--job", job, "--set", "output=" + output,
                "--set", "input.path=" + noSpring, "--set", "model.hidden-size=8", "--set", "nightly.epochs=1",
                "--set", "training.epochs=2", "--date", "2026-11-26");
        assertTrue(cold.code() == Main.OK || cold.code() == Main.REJECTED_BY_GATE, cold.stderr());
        PublishedModel coldRun = PublishedModel.of(store.load(store.runs().get(2).runId()));
        assertTrue(!coldRun.metrics().gate().warmStart(), coldRun.metrics().gate().toString());
        assertEquals(2, coldRun.metrics().epochs().size(), "a cold start trains the job's epochs, not the night's");
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
        assertTrue(run.text(PublishedModel.VOCABULARY).contains("symbols"), "the character vocabulary is saved");
        JsonNode data = metrics.get("data");
        // 4 million characters, 90% training, one passage every 4,000: about 900.
        assertTrue(data.get("trainSequences").asLong() > 850 && data.get("trainSequences").asLong() < 950, data.toString());
        JsonNode baselines = metrics.get("baselines");
        double majority = baselines.get("majority-class").get("accuracy").asDouble();
        double bayes = baselines.get("naive-bayes-word-ngrams").get("accuracy").asDouble();
        assertTrue(majority > 0.15 && majority < 0.3, "Emma and Mansfield Park are the longest novels: " + majority);
        assertTrue(bayes > majority + 0.1, "characters' names give the novel away: " + bayes + " vs " + majority);

        String[] job = {"--job", "austen-classify", "--set", "output=" + output, "--set", "window.length=60",
                "--set", "window.stride=4000"};
        RoundTrip.Output evaluate = RoundTrip.cli(concat(new String[]{"evaluate"}, job));
        assertEquals(Main.OK, evaluate.code(), evaluate.stderr());
        JsonNode evaluation = new ObjectMapper().readTree(evaluate.stdout());
        long passages = evaluation.get("examples").asLong();
        long trained = data.get("trainSequences").asLong() + data.get("validationSequences").asLong();
        assertTrue(Math.abs(passages - trained) <= 6, "every passage of every novel at the run's stride, cut through "
                + "each novel whole (not in two parts): " + passages + " vs " + trained);
        String predictions = dir.resolve("passages").toString();
        RoundTrip.Output predict = RoundTrip.cli(concat(new String[]{"predict", "--out", predictions}, job));
        assertEquals(Main.OK, predict.code(), predict.stderr());
        List<Row> rows = SharedSpark.session().read().parquet(predictions).collectAsList();
        assertEquals(passages, rows.size());
        Row row = rows.get(0);
        assertTrue(row.getString(row.fieldIndex("document")).endsWith(".txt"), row.toString());
        assertEquals(row.getString(row.fieldIndex("actual")) + ".txt",
                row.getString(row.fieldIndex("document")).replaceAll(".*/", ""), "a passage's class is its novel's name");
    }

    private static String[] concat(String[] first, String[] second) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second))
                .toArray(String[]::new);
    }
}
