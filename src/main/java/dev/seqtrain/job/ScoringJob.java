package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Locations;
import dev.seqtrain.train.WindowScorer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;

/**
 * Uses a published model on new data: the run's own normaliser, windowing, features and target,
 * applied to {@code inputPath}; scored on the workers.
 */
public final class ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);

    private ScoringJob() {
    }

    /** A forecast for every window whose inputs fit in the data, the last ones forecasting past its end. */
    public static Dataset<Row> predictions(SparkSession spark, PublishedModel model, String inputPath) {
        return predictions(spark, model, inputPath, WindowPart.ALL);
    }

    /** The forecasts of {@code part}'s windows, split as the model's job splits its input. */
    static Dataset<Row> predictions(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        InputConfig input = model.job().input().withPath(inputPath);
        PreparedData data = PreparedData.forScoring(spark, model.job(), input, model.normalizer(), sc.defaultParallelism());
        if (data.series().possibleWindows(part) == 0) {
            throw new InvalidInputException(data.source() + ": no series has " + model.job().window().length()
                    + " rows, the window length");
        }
        return spark.createDataFrame(WindowScorer.score(sc, model.modelBytes(), data.windows(part),
                data.series().layout(), data.outputs(), model.normalizer()), WindowScorer.SCHEMA);
    }

    /** Errors of the model and of persistence over the windows whose targets are in the data, per output. */
    public record Evaluation(String runId, String input, long windows, ErrorSummary model,
                             Map<String, ErrorSummary> baselines, boolean beatsBaselines, List<OutputErrors> outputs) {
    }

    /** One output's errors, original units. */
    public record OutputErrors(String target, int stepsAhead, long windows, ErrorSummary model, ErrorSummary persistence) {
    }

    public static Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath) {
        return evaluate(spark, model, inputPath, WindowPart.ALL);
    }

    /** Errors over {@code part}'s windows only: the nightly gate scores both models on the night's validation part. */
    static Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        Dataset<Row> predictions = predictions(spark, model, inputPath, part).cache();
        requireFinite(predictions, model);
        List<Row> groups = predictions.where(col("actual").isNotNull())
                .groupBy("target", "steps_ahead").agg(
                        count("*"),
                        sqrt(avg(pow(col("prediction").minus(col("actual")), 2))),
                        avg(abs(col("prediction").minus(col("actual")))),
                        sqrt(avg(pow(col("last_observed").minus(col("actual")), 2))),
                        avg(abs(col("last_observed").minus(col("actual")))))
                .orderBy("target", "steps_ahead").collectAsList();
        if (groups.isEmpty()) {
            throw new InvalidInputException(Redaction.uris(inputPath) + ": no window has its target inside the data");
        }
        List<OutputErrors> outputs = groups.stream().map(g -> new OutputErrors(g.getString(0), g.getInt(1), g.getLong(2),
                new ErrorSummary(g.getDouble(3), g.getDouble(4)), new ErrorSummary(g.getDouble(5), g.getDouble(6))))
                .toList();
        ErrorSummary network = ErrorSummary.mean(outputs.stream().map(OutputErrors::model).toList());
        ErrorSummary persistence = ErrorSummary.mean(outputs.stream().map(OutputErrors::persistence).toList());
        Evaluation evaluation = new Evaluation(model.run().runId(), Redaction.uris(inputPath), outputs.get(0).windows(),
                network, Map.of("persistence", persistence), network.rmse() < persistence.rmse(), outputs);
        LOG.info(String.format(Locale.ROOT, "run %s on %s: %d windows, RMSE %.4f (persistence %.4f)",
                evaluation.runId(), evaluation.input(), evaluation.windows(), network.rmse(), persistence.rmse()));
        predictions.unpersist();
        return evaluation;
    }

    /** A model that forecasts NaN or infinity is unusable: the command fails rather than report or write it. */
    private static void requireFinite(Dataset<Row> predictions, PublishedModel model) {
        long nonFinite = predictions.where(org.apache.spark.sql.functions.isnan(col("prediction"))
                .or(abs(col("prediction")).equalTo(Double.POSITIVE_INFINITY))).count();
        if (nonFinite > 0) {
            predictions.unpersist();
            throw new NonFinitePredictionsException("run " + model.run().runId() + " forecasts NaN or infinity for "
                    + nonFinite + " windows: the model is unusable (did its training diverge?); nothing was written");
        }
    }

    /** Checks before any work that predictions can go to {@code out}: nothing is there yet, and its parent is a folder. */
    private static void requireNew(SparkSession spark, String out) {
        org.apache.hadoop.fs.Path target = Locations.resolve(out);
        try {
            org.apache.hadoop.fs.FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target)) {
                throw new InvalidInputException("--out " + Redaction.uris(out) + " already exists: predictions never "
                        + "overwrite; choose a new path or remove it");
            }
            org.apache.hadoop.fs.Path parent = target.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new InvalidInputException("--out " + Redaction.uris(out) + ": " + Redaction.uris(parent.toString())
                        + " is a file, not a folder");
            }
        } catch (java.io.IOException e) {
            throw new InvalidInputException("--out " + Redaction.uris(out) + ": " + e.getMessage(), e);
        }
    }

    /** Writes predictions as Parquet or CSV; refuses to overwrite an existing output. */
    public static long predict(SparkSession spark, PublishedModel model, String inputPath, String out, String format) {
        requireNew(spark, out);
        Dataset<Row> predictions = predictions(spark, model, inputPath).cache();
        try {
            requireFinite(predictions, model);
            long rows = predictions.count();
            String target = Locations.resolve(out).toString();
            predictions.write().mode(SaveMode.ErrorIfExists).format(format).option("header", "true").save(target);
            LOG.info("run {}: wrote {} predictions to {} ({})", model.run().runId(), rows, Redaction.uris(target), format);
            return rows;
        } finally {
            predictions.unpersist();
        }
    }
}
