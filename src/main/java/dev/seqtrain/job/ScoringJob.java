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
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        InputConfig input = model.job().input().withPath(inputPath);
        PreparedData data = PreparedData.forScoring(spark, model.job(), input, model.normalizer(), sc.defaultParallelism());
        if (data.series().possibleWindows(WindowPart.ALL) == 0) {
            throw new InvalidInputException(data.source() + ": no series has " + model.job().window().length()
                    + " rows, the window length");
        }
        String target = input.target();
        return spark.createDataFrame(WindowScorer.score(sc, model.modelBytes(), data.windows(WindowPart.ALL),
                data.series().layout(), model.normalizer().shift(target), model.normalizer().scale(target)),
                WindowScorer.SCHEMA);
    }

    /** Errors of the model and of persistence over the windows whose targets are in the data. */
    public record Evaluation(String runId, String input, String target, long windows, ErrorSummary model,
                             Map<String, ErrorSummary> baselines, boolean beatsBaselines) {
    }

    public static Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath) {
        Row errors = predictions(spark, model, inputPath).where(col("actual").isNotNull()).agg(
                count("*"),
                sqrt(avg(pow(col("prediction").minus(col("actual")), 2))),
                avg(abs(col("prediction").minus(col("actual")))),
                sqrt(avg(pow(col("last_observed").minus(col("actual")), 2))),
                avg(abs(col("last_observed").minus(col("actual"))))).first();
        long windows = errors.getLong(0);
        if (windows == 0) {
            throw new InvalidInputException(Redaction.uris(inputPath) + ": no window has its target inside the data");
        }
        ErrorSummary network = new ErrorSummary(errors.getDouble(1), errors.getDouble(2));
        ErrorSummary persistence = new ErrorSummary(errors.getDouble(3), errors.getDouble(4));
        Evaluation evaluation = new Evaluation(model.run().runId(), Redaction.uris(inputPath),
                model.job().input().target(), windows, network, Map.of("persistence", persistence),
                network.rmse() < persistence.rmse());
        LOG.info(String.format(Locale.ROOT, "run %s on %s: %d windows, RMSE %.4f (persistence %.4f)",
                evaluation.runId(), evaluation.input(), windows, network.rmse(), persistence.rmse()));
        return evaluation;
    }

    /** Writes predictions as Parquet or CSV; refuses to overwrite an existing output. */
    public static long predict(SparkSession spark, PublishedModel model, String inputPath, String out, String format) {
        Dataset<Row> predictions = predictions(spark, model, inputPath).cache();
        try {
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
