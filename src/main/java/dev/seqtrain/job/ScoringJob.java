package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Locations;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;

/** {@code evaluate} and {@code predict}: a published model of any task on new data. */
public final class ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);

    private ScoringJob() {
    }

    /** The model's score on all of {@code inputPath}, next to its baselines', as its task reports it. */
    public static Task.Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath) {
        return Task.of(model.job()).evaluate(spark, model, inputPath, WindowPart.ALL);
    }

    /**
     * One row per example of {@code inputPath} (a path, or {@code table:<name>}), checked finite: what
     * {@code predict} writes and the Spark ML model returns.
     */
    public static Dataset<Row> predictions(SparkSession spark, PublishedModel model, String inputPath) {
        Task.Predictions predictions = Task.of(model.job()).predict(spark, model, inputPath);
        Dataset<Row> rows = predictions.rows().cache();
        try {
            requireFinite(rows, predictions.values(), model);
        } catch (RuntimeException e) {
            rows.unpersist();
            throw e;
        }
        return rows;
    }

    /** The columns of {@link #predictions} for {@code model}. */
    public static StructType predictionSchema(PublishedModel model) {
        return Task.of(model.job()).predictionSchema(model);
    }

    /** The column of {@link #predictions} that holds the prediction itself. */
    public static String predictionColumn(PublishedModel model) {
        return Task.of(model.job()).predictionColumn();
    }

    /** Writes one row per example as Parquet or CSV; refuses to overwrite, and writes nothing a NaN spoils. */
    public static long predict(SparkSession spark, PublishedModel model, String inputPath, String out, String format) {
        requireNew(spark, out);
        Dataset<Row> rows = predictions(spark, model, inputPath);
        try {
            long count = rows.count();
            String target = Locations.resolve(out).toString();
            rows.write().mode(SaveMode.ErrorIfExists).format(format).option("header", "true").save(target);
            LOG.info("run {}: wrote {} predictions to {} ({})", model.runId(), count, Redaction.uris(target), format);
            return count;
        } finally {
            rows.unpersist();
        }
    }

    /** A model that computes NaN or infinity is unusable: the command fails rather than report or write it. */
    static void requireFinite(Dataset<Row> rows, List<String> columns, PublishedModel model) {
        Column bad = lit(false);
        for (String column : columns) {
            bad = bad.or(isnan(col(column))).or(abs(col(column)).equalTo(Double.POSITIVE_INFINITY));
        }
        long nonFinite = rows.where(bad).count();
        if (nonFinite > 0) {
            throw nonFinite(model, nonFinite);
        }
    }

    static NonFinitePredictionsException nonFinite(PublishedModel model, long examples) {
        return new NonFinitePredictionsException("run " + model.runId() + " computes NaN or infinity for " + examples
                + " examples: the model is unusable (did its training diverge?); nothing was written");
    }

    /** Checks before any work that predictions can go to {@code out}: nothing is there yet, and its parent is a folder. */
    private static void requireNew(SparkSession spark, String out) {
        Path target = Locations.resolve(out);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target)) {
                throw new InvalidInputException("--out " + Redaction.uris(out) + " already exists: predictions never "
                        + "overwrite; choose a new path or remove it");
            }
            Path parent = target.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new InvalidInputException("--out " + Redaction.uris(out) + ": " + Redaction.uris(parent.toString())
                        + " is a file, not a folder");
            }
        } catch (IOException e) {
            throw new InvalidInputException("--out " + Redaction.uris(out) + ": " + e.getMessage(), e);
        }
    }
}
