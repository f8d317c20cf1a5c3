package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.config.CellType;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.storage.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path, command line to published run, on a small slice of the embedded sample in local[2]. */
class ForecastJobTest {
    
    @TempDir
    static Path dir;
    static Path slice;

    @BeforeAll
    static void startSpark() {
        SharedSpark.session();
        slice = SampleSlice.csv();
    }

    private static int train(Path output, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--job", "sample-forecast",
                "--set", "input.path=" + slice, "--set", "output=" + output,
                "--set", "training.epochs=2", "--set", "model.hidden-size=8", "--set", "window.length=12"));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new), System.out, System.err);
    }

    @Test
    void trainsAndPublishesACompleteRun() throws IOException {
        Path output = dir.resolve("out");
        assertEquals(Main.OK, train(output));

        Path runs = output.resolve("sample-forecast/runs");
        List<Path> published;
        try (Stream<Path> list = Files.list(runs)) {
            published = list.toList();
        }
        assertEquals(1, published.size());
        Path run = published.get(0);
        for (String artifact : List.of("model.zip", "normalizer.json", "job.conf", "metrics.json", "manifest.json",
                "_SUCCESS")) {
            assertTrue(Files.isRegularFile(run.resolve(artifact)), artifact);
        }

        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertEquals(run.getFileName().toString(), metrics.get("runId").asText());
        assertEquals(2, metrics.get("epochs").size());
        for (JsonNode epoch : metrics.get("epochs")) {
            assertTrue(epoch.get("trainLoss").asDouble() > 0);
            assertTrue(epoch.get("validationLoss").asDouble() > 0);
            assertTrue(epoch.get("validation").get("rmse").asDouble() > 0);
            assertTrue(epoch.get("windowsPerSecond").asDouble() > 0);
            assertTrue(epoch.get("epochSeconds").asDouble() >= epoch.get("fitSeconds").asDouble());
        }
        JsonNode data = metrics.get("data");
        assertEquals(SampleSlice.ROWS, data.get("rows").asInt());
        assertEquals(480, data.get("trainRows").asInt());
        assertEquals(480 - 18 + 1, data.get("trainWindows").asInt(), "window 12 + horizon 6");
        assertEquals(120 - 18 + 1, data.get("validationWindows").asInt());
        assertEquals(2, metrics.get("training").get("workers").asInt(), "local[2] has two workers");
        double persistence = metrics.get("baselines").get("persistence").get("rmse").asDouble();
        assertTrue(persistence > 0.5, "6 hours ahead, repeating the last temperature is off by degrees: " + persistence);
        double rmse = metrics.get("validation").get("rmse").asDouble();
        assertTrue(rmse < persistence, "two short epochs already beat persistence: " + rmse + " vs " + persistence);
        JsonNode baselines = metrics.get("baselines");
        assertTrue(baselines.has("linear-ar"), baselines.toString());
        assertTrue(baselines.has("seasonal-naive"), "the series' history reaches back a day for 12-hour windows");
        double ar = baselines.get("linear-ar").get("rmse").asDouble();
        assertTrue(ar < persistence, "a linear AR model beats persistence on smooth hourly normals: " + ar);
        String best = metrics.get("bestBaseline").asText();
        assertEquals("seasonal-naive", best, "yesterday's hour is the best guess for smooth hourly normals");
        assertEquals(rmse < baselines.get(best).get("rmse").asDouble(), metrics.get("beatsBaselines").asBoolean());

        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile(), true);
        assertEquals(metrics.get("model").get("parameters").asLong(), restored.numParams());
        assertTrue(restored.getUpdater().getStateViewArray() != null, "updater state saved for warm starts");

        Normalizer normalizer = Json.read(Files.readString(run.resolve("normalizer.json")), Normalizer.class);
        assertEquals(List.of("temperature", "pressure", "wind"), normalizer.columns());
        assertTrue(Files.readString(run.resolve("job.conf")).contains(slice.toString()), "the resolved job is saved");
    }

    @Test
    void localRoundTripTrainRunsEvaluatePredict() throws IOException {
        Path output = dir.resolve("round-trip");
        RoundTrip.check(slice.toString(), output.toString(), output.resolve("predictions").toString());
    }

    @Test
    void seasonalNaiveReadsTheSeriesHistoryBeyondTheWindow() throws IOException {
        // Windows of 12 hourly steps, a period of 24: yesterday's value lies before every window.
        Path output = dir.resolve("seasonal");
        assertEquals(Main.OK, train(output, "--set", "baselines.seasonal-period=24", "--set", "training.epochs=1"));
        JsonNode metrics = new ObjectMapper().readTree(onlyRun(output).resolve("metrics.json").toFile());
        JsonNode baselines = metrics.get("baselines");
        assertEquals(List.of("persistence", "seasonal-naive", "linear-ar"), iterable(baselines.fieldNames()));
        assertTrue(baselines.get("seasonal-naive").get("rmse").asDouble() < baselines.get("persistence").get("rmse").asDouble(),
                "yesterday at the same hour beats six hours ago: " + baselines);
        assertEquals(0, metrics.get("missingBaselines").size());
    }

    @Test
    void aSeasonalBaselineThatCannotBeComputedIsReportedMissingNeverBeaten() throws IOException {
        // A period longer than any series: no validation window has a value a period earlier.
        Path output = dir.resolve("no-season");
        RoundTrip.Output run = RoundTrip.cli("train", "--job", "sample-forecast", "--set", "input.path=" + slice,
                "--set", "output=" + output, "--set", "training.epochs=1", "--set", "model.hidden-size=8",
                "--set", "window.length=12", "--set", "baselines.seasonal-period=100000");
        assertEquals(Main.OK, run.code(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(onlyRun(output).resolve("metrics.json").toFile());
        assertEquals(List.of("persistence", "linear-ar"), iterable(metrics.get("baselines").fieldNames()));
        assertTrue(metrics.get("missingBaselines").get("seasonal-naive").asText().contains("validation windows have no "
                + "value 100000 steps"), metrics.get("missingBaselines").toString());
        assertFalse(metrics.get("beatsBaselines").asBoolean(), "a baseline not measured is not beaten");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    /** Several targets several steps ahead, and many-to-many, train and score end to end. */
    @Test
    void multiStepSeveralTargetsAndManyToManyTrainAndPredict() throws IOException {
        Path output = dir.resolve("multi");
        assertEquals(Main.OK, train(output, "--set", "input.targets=[temperature, pressure]",
                "--set", "window.multi-step=true", "--set", "window.horizon=3", "--set", "training.epochs=1"));
        JsonNode metrics = new ObjectMapper().readTree(onlyRun(output).resolve("metrics.json").toFile());
        assertEquals("[\"temperature@+1\",\"temperature@+2\",\"temperature@+3\",\"pressure@+1\",\"pressure@+2\","
                + "\"pressure@+3\"]", metrics.get("outputs").toString());
        assertEquals(6, metrics.get("validationByOutput").size());
        assertEquals(6, metrics.get("baselinesByOutput").get("persistence").size());
        assertTrue(metrics.get("baselinesByOutput").get("persistence").get(0).get("rmse").asDouble()
                < metrics.get("baselinesByOutput").get("persistence").get(2).get("rmse").asDouble(),
                "persistence is worse 3 hours ahead than 1");

        Path predictions = output.resolve("predictions");
        assertEquals(Main.OK, Main.run(new String[]{"predict", "--job", "sample-forecast",
                "--set", "input.path=" + slice, "--set", "output=" + output, "--out", predictions.toString()},
                System.out, System.err));
        List<org.apache.spark.sql.Row> rows = SharedSpark.session().read().parquet(predictions.toString())
                .where("row = 50").orderBy("target", "steps_ahead").collectAsList();
        assertEquals(6, rows.size(), "one row per output for the windows that forecast row 50");

        Path sequence = dir.resolve("sequence");
        assertEquals(Main.OK, train(sequence, "--set", "window.output=sequence", "--set", "training.epochs=1"));
        JsonNode manyToMany = new ObjectMapper().readTree(onlyRun(sequence).resolve("metrics.json").toFile());
        assertEquals("[\"temperature@+6\"]", manyToMany.get("outputs").toString());
        assertTrue(manyToMany.get("validation").get("rmse").asDouble() > 0);
    }

    @Test
    void aGruForecasterTrainsStackedAndBidirectionalAndWithTruncatedBptt() throws IOException {
        Path output = dir.resolve("gru");
        assertEquals(Main.OK, train(output, "--set", "model.cell=gru", "--set", "model.layers=2",
                "--set", "model.bidirectional=true", "--set", "model.dropout=0.1", "--set", "training.epochs=1"));
        JsonNode metrics = new ObjectMapper().readTree(onlyRun(output).resolve("metrics.json").toFile());
        assertEquals("gru", metrics.get("model").get("cell").asText());
        String layers = metrics.get("model").get("summary").toString();
        assertTrue(layers.contains("Bidirectional(Gru)"), layers);
        // Two bidirectional layers: 2 x 3H(I+H+2) over 3 features, then over 2H; an output layer of 2H + 1.
        long expected = 2 * CellType.GRU.parameters(3, 8) + 2 * CellType.GRU.parameters(16, 8) + 17;
        assertEquals(expected, metrics.get("model").get("parameters").asLong());
        assertTrue(Double.isFinite(metrics.get("validation").get("rmse").asDouble()));

        Path truncated = dir.resolve("gru-tbptt");
        assertEquals(Main.OK, train(truncated, "--set", "model.cell=gru", "--set", "window.output=sequence",
                "--set", "model.tbptt-length=6", "--set", "training.epochs=1"));
    }

    private static Path onlyRun(Path output) throws IOException {
        try (Stream<Path> runs = Files.list(output.resolve("sample-forecast/runs"))) {
            return runs.findFirst().orElseThrow();
        }
    }

    /** The many-series job file trains end to end on three generated sensors in two files. */
    @Test
    void manySeriesJobTrainsPerSensor() throws IOException {
        Path data = dir.resolve("sensors");
        Files.createDirectories(data);
        java.util.Random random = new java.util.Random(3);
        for (String file : List.of("a.csv", "b.csv")) {
            List<String> lines = new java.util.ArrayList<>(List.of("sensor,time,temperature,humidity,pressure"));
            for (String sensor : file.equals("a.csv") ? List.of("north", "east") : List.of("south")) {
                for (int hour = 0; hour < 200; hour++) {
                    double temperature = 10 + 5 * Math.sin(hour * Math.PI / 12) + random.nextGaussian() * 0.2;
                    String shown = hour % 37 == 5 ? "" : String.format(java.util.Locale.ROOT, "%.2f", temperature);
                    lines.add(String.format(java.util.Locale.ROOT, "%s,2026-11-%02dT%02d:00:00,%s,%.2f,%.1f", sensor,
                            1 + hour / 24, hour % 24, shown, 0.8 + random.nextGaussian() * 0.01, 1016 + random.nextGaussian()));
                }
            }
            Files.write(data.resolve(file), lines);
        }
        Path output = dir.resolve("sensors-out");
        assertEquals(Main.OK, Main.run(new String[]{"train", "--job", "sensors-forecast",
                "--set", "input.path=" + data.resolve("*.csv"), "--set", "output=" + output,
                "--set", "training.epochs=1", "--set", "model.hidden-size=8"}, System.out, System.err));
        Path runs = output.resolve("sensors-forecast/runs");
        Path run;
        try (Stream<Path> list = Files.list(runs)) {
            run = list.findFirst().orElseThrow();
        }
        JsonNode counts = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).get("data");
        assertEquals(3, counts.get("series").asInt());
        assertEquals(600, counts.get("rows").asInt());
        int perSeriesTrain = 160 - 24 - 3 + 1;
        int perSeriesValidation = 40 - 6 - 24 - 3 + 1;
        assertTrue(counts.get("filledValues").asInt() > 0, "gaps interpolated within each sensor");
        assertEquals(counts.get("missingValues").asInt(), counts.get("filledValues").asInt());
        assertEquals(0, counts.get("skippedWindows").asInt());
        assertEquals(3 * perSeriesTrain, counts.get("trainWindows").asInt(), "windows never cross sensors");
        assertEquals(3 * perSeriesValidation, counts.get("validationWindows").asInt(), "after the 6-hour gap");
    }

    @Test
    void missingInputFileExitsWithTwoAndWritesNoRunFolder() {
        Path output = dir.resolve("missing-input");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"train", "--job", "sample-forecast",
                "--set", "input.path=" + dir.resolve("nope.csv"), "--set", "output=" + output},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.INVALID_INPUT, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("seqtrain: input.path: no such file: file:" + dir.resolve("nope.csv")), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(Files.exists(output));
    }

    @Test
    void badDataExitsWithTwoNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(slice);
        lines.set(100, lines.get(100).replaceFirst(",[^,]*$", ",calm"));
        Files.write(bad, lines);
        Path output = dir.resolve("bad-data");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"train", "--set", "input.path=" + bad, "--set", "output=" + output},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.INVALID_INPUT, code);
        assertEquals("seqtrain: file:" + bad + ":101: column 'wind': 'calm' is not a number\n",
                err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(output));
    }

    @Test
    void collectsEachEpochsAveragingRoundsAsJson() throws IOException {
        Path output = dir.resolve("stats");
        assertEquals(Main.OK, train(output, "--set", "training.collect-stats=true"));
        Path run = onlyRun(output);
        JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        long windows = metrics.get("data").get("trainWindows").asLong();
        int perRound = 2 * metrics.get("training").get("batchSizePerWorker").asInt()
                * metrics.get("training").get("averagingFrequency").asInt();
        for (int epoch = 1; epoch <= 2; epoch++) {
            JsonNode stats = new ObjectMapper().readTree(run.resolve("training-stats/epoch-" + epoch + ".json").toFile());
            long fitted = 0;
            for (JsonNode round : stats.get("rounds")) {
                long examples = 0;
                for (JsonNode worker : round.get("workers")) {
                    examples += worker.get("examples").asLong();
                    assertTrue(worker.get("fitSeconds").asDouble() > 0);
                }
                assertTrue(examples <= perRound, "a round fits at most its workers' minibatches: " + examples);
                fitted += examples;
            }
            assertEquals(windows, fitted, "epoch " + epoch + " fits every training window once");
        }
    }
}
