package dev.seqtrain.ml;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.config.InvalidInputException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark ML path: {@code Pipeline(estimator).fit(df)}, save, load, {@code transform(df)} gives what
 * the command line's {@code predict} writes for the same data and run, for a forecaster and a classifier.
 */
class SparkMlPipelineTest {
    @TempDir
    Path dir;

    static final StructType READINGS = new StructType().add("date", DataTypes.StringType)
            .add("pressure", DataTypes.DoubleType).add("temperature", DataTypes.DoubleType)
            .add("wind", DataTypes.DoubleType);
    static final StructType MONTHS = new StructType().add("month", DataTypes.StringType)
            .add("date", DataTypes.StringType).add("precipitation", DataTypes.DoubleType)
            .add("temp_max", DataTypes.DoubleType).add("temp_min", DataTypes.DoubleType)
            .add("wind", DataTypes.DoubleType).add("season", DataTypes.StringType);

    private static Dataset<Row> csv(StructType schema, Path file) {
        return SharedSpark.session().read().option("header", "true").schema(schema).csv(file.toString());
    }

    private static Dataset<Row> cliPredict(String job, String output, Path input, Path out) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"predict", "--job", job, "--set", "output=" + output,
                "--set", "input.path=" + input, "--out", out.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
        return SharedSpark.session().read().parquet(out.toString());
    }

    /** Rows as text, sorted: the two paths' rows must be the same rows. */
    private static List<String> rows(Dataset<Row> rows, String... order) {
        return rows.toDF().select(order[0], java.util.Arrays.copyOfRange(order, 1, order.length)).collectAsList()
                .stream().map(Row::toString).sorted().toList();
    }

    static PipelineModel fitSaveLoad(Dataset<Row> data, SeqtrainEstimator estimator, String path) {
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{estimator}).fit(data);
        try {
            fitted.write().overwrite().save(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return PipelineModel.load(path);
    }

    @Test
    void aForecasterFitsSavesLoadsAndTransformsAsPredictWrites() {
        SparkSession spark = SharedSpark.session();
        String models = dir.resolve("models").toString();
        Dataset<Row> readings = csv(READINGS, SampleSlice.csv());
        SeqtrainEstimator estimator = new SeqtrainEstimator().setJob("sample-forecast").setOverrides("output=" + models,
                "training.epochs=1", "model.hidden-size=8", "window.length=12", "window.horizon=6");
        PipelineModel loaded = fitSaveLoad(readings, estimator, dir.resolve("pipeline").toString());
        SeqtrainModel model = (SeqtrainModel) loaded.stages()[0];
        assertEquals(SeqtrainModels.load(spark, models, "sample-forecast").runId(), model.getOrDefault(model.runId()),
                "the fitted model is the run train published");

        Dataset<Row> viaMl = loaded.transform(readings);
        Dataset<Row> viaCli = cliPredict("sample-forecast", models, SampleSlice.csv(), dir.resolve("predictions"));
        String[] columns = {"series", "row", "time", "target", "steps_ahead", "prediction", "actual", "last_observed"};
        assertEquals(rows(viaCli, columns), rows(viaMl, columns), "one scoring path");
        assertEquals(SampleSlice.ROWS - 12 + 1, viaMl.count(), "a forecast from every window");

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> model.transform(readings.drop("wind")));
        assertTrue(missing.getMessage().contains("reads column 'wind', which the DataFrame lacks"), missing.getMessage());
    }

    @Test
    void aCharacterModelTrainsOnATableOfDocumentsAndScoresEachDocument() throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("samples/austen/persuasion.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StructType documents = new StructType().add("document", DataTypes.StringType).add("text", DataTypes.StringType);
        Dataset<Row> chapters = SharedSpark.session().createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create("opening", text.substring(0, 20_000)),
                org.apache.spark.sql.RowFactory.create("later", text.substring(100_000, 120_000))), documents);
        SeqtrainModel model = new SeqtrainEstimator().setJob("austen-charlm").setOverrides(
                "output=" + dir.resolve("charlm"), "training.epochs=1", "model.hidden-size=16").fit(chapters);
        List<Row> scored = model.transform(chapters).orderBy("document").collectAsList();
        assertEquals(List.of("later", "opening"), scored.stream().map(r -> r.getString(0)).toList(), "a row per document");
        for (Row row : scored) {
            double bits = row.getDouble(row.fieldIndex("bits_per_char"));
            assertTrue(bits > 0 && bits < 8, row.toString());
        }
        assertThrows(InvalidInputException.class, () -> model.transform(chapters.drop("text")));
    }

    @Test
    void aTableTheSessionDoesNotKnowIsAnInputError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"train", "--set", "output=" + dir.resolve("models"),
                "--set", "input.path=table:no_such_view"}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.INVALID_INPUT, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no table or view 'no_such_view'"), err.toString());
        assertTrue(Files.notExists(dir.resolve("models/sample-forecast/CURRENT")), "nothing published");
    }

    @Test
    void aClassifierFitsAndTransformsAsPredictWrites() throws IOException {
        Path months = dir.resolve("months.csv");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("samples/seattle-weather-months.csv")) {
            Files.copy(in, months);
        }
        String models = dir.resolve("classifiers").toString();
        Dataset<Row> data = csv(MONTHS, months);
        SeqtrainEstimator estimator = new SeqtrainEstimator().setJob("seasons-classify").setOverrides(
                "output=" + models, "training.epochs=2", "model.hidden-size=8");
        PipelineModel loaded = fitSaveLoad(data, estimator, dir.resolve("classifier-pipeline").toString());
        Dataset<Row> viaMl = loaded.transform(data);
        Dataset<Row> viaCli = cliPredict("seasons-classify", models, months, dir.resolve("seasons"));
        String[] columns = {"sequence", "steps", "predicted", "probability", "actual"};
        assertEquals(rows(viaCli, columns), rows(viaMl, columns));
        assertEquals(48, viaMl.count(), "one row per month");
        assertEquals(viaMl.schema(), loaded.transformSchema(data.schema()), "the schema transform promises");

        SeqtrainModel model = ((SeqtrainModel) loaded.stages()[0]).copy(ParamMap.empty())
                .setOutputCol("season_predicted").setBatchSize(5);
        Dataset<Row> renamed = model.transform(data);
        assertEquals(renamed.schema(), model.transformSchema(data.schema()));
        assertEquals(rows(viaMl, "sequence", "predicted"), rows(renamed, "sequence", "season_predicted"),
                "the same labels, scored five sequences at a time, in the column asked for");
        assertThrows(IllegalArgumentException.class, () -> model.setBatchSize(0));
    }
}
