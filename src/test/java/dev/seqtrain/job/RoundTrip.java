package dev.seqtrain.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.LocalWindows;
import dev.seqtrain.sequence.SeriesRow;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.train.WindowDataSets;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train → runs → evaluate → predict through the command line, on whatever filesystem the input
 * and output URIs name; the same checks for the local filesystem, HDFS and S3.
 */
final class RoundTrip {
    static final String MODEL = "sample-forecast";
    static final int WINDOW = 12;
    static final int HORIZON = 6;

    private RoundTrip() {
    }

    record Output(int code, String stdout, String stderr) {
    }

    static Output cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] withJob(String command, String input, String output, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--job", MODEL,
                "--set", "input.path=" + input, "--set", "output=" + output,
                "--set", "training.epochs=2", "--set", "model.hidden-size=8",
                "--set", "window.length=" + WINDOW, "--set", "window.horizon=" + HORIZON));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Runs the whole path and checks it; returns the published run's id. */
    static String check(String input, String output, String predictions) throws IOException {
        List<SeriesRow> source = SampleSlice.rows();
        Output train = cli(withJob("train", input, output));
        assertEquals(Main.OK, train.code(), train.stderr());

        ModelStore store = ModelStore.open(output, MODEL, SharedSpark.session().sparkContext().hadoopConfiguration());
        String runId = store.current().orElseThrow();
        Output runs = cli(withJob("runs", input, output));
        assertEquals(Main.OK, runs.code(), runs.stderr());
        assertTrue(runs.stdout().lines().anyMatch(l -> l.startsWith(runId) && l.contains("complete") && l.contains("*")),
                runs.stdout());

        Output evaluate = cli(withJob("evaluate", input, output));
        assertEquals(Main.OK, evaluate.code(), evaluate.stderr());
        JsonNode evaluation = new ObjectMapper().readTree(evaluate.stdout());
        int rows = source.size();
        assertEquals(rows - WINDOW - HORIZON + 1, evaluation.get("windows").asInt(), "every window with a known target");
        assertTrue(evaluation.get("model").get("rmse").asDouble() > 0);
        assertTrue(evaluation.get("baselines").get("persistence").get("rmse").asDouble() > 0.5);
        assertEquals(runId, evaluation.get("runId").asText());

        Output predict = cli(withJob("predict", input, output, "--out", predictions));
        assertEquals(Main.OK, predict.code(), predict.stderr());
        List<Row> written = SharedSpark.session().read().parquet(predictions).orderBy("row").collectAsList();
        assertEquals(rows - WINDOW + 1, written.size(), "a forecast from every window, the last ones past the data");
        assertEquals(WINDOW - 1 + HORIZON, written.get(0).getLong(1), "the first window forecasts this row");
        assertEquals(source.get(WINDOW - 1 + HORIZON).timeText(), written.get(0).getString(2));
        assertEquals("temperature", written.get(0).getString(3));
        assertEquals(HORIZON, written.get(0).getInt(4));
        assertEquals(HORIZON, written.stream().filter(r -> r.isNullAt(6)).count(), "future rows have no actual");
        assertEquals(source.get(WINDOW - 1 + HORIZON).values()[0], written.get(0).getDouble(6), 0.0, "actual, as read");
        assertEquals(source.get(WINDOW - 1).values()[0], written.get(0).getDouble(7), 0.0, "last observed, as read");

        // The workers' forecasts equal the driver's own forward pass over the same windows cut locally.
        PublishedModel model = PublishedModel.of(store.loadCurrent());
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(model.modelBytes()), false);
        List<ForecastWindow> local = new LocalWindows(source, model.job().localWindows()).windows(WindowPart.ALL);
        assertEquals(written.size(), local.size());
        for (int i : new int[]{0, rows / 2, rows - WINDOW}) {
            double normalised = network.output(WindowDataSets.features(List.<float[][]>of(local.get(i).inputs())))
                    .getDouble(0, 0);
            assertEquals(model.normalizer().invert("temperature", normalised), written.get(i).getDouble(5), 1e-4,
                    "window " + i);
        }
        return runId;
    }
}
