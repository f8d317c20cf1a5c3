package dev.seqtrain.ml;

import dev.seqtrain.job.PublishedModel;
import dev.seqtrain.job.ScoringJob;
import dev.seqtrain.storage.ModelStore;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Published seqtrain models from Java code running on Spark: load one from its model store and
 * score a DataFrame with it, on the executors, with the run's own preprocessing. The same scoring path
 * as {@code seqtrain predict}.
 *
 * <pre>{@code
 * PublishedModel model = SeqtrainModels.load(spark, "hdfs://nn:8020/models", "sample-forecast");
 * Dataset<Row> readings = spark.read().option("header", "true").option("inferSchema", "true").csv(path);
 * Dataset<Row> forecasts = SeqtrainModels.predict(model, readings);   // series, row, time, target, ...
 * }</pre>
 */
public final class SeqtrainModels {
    private static final AtomicLong VIEWS = new AtomicLong();

    private SeqtrainModels() {
    }

    /** The model {@code CURRENT} names under {@code <output>/<name>/}. */
    public static PublishedModel load(SparkSession spark, String output, String name) {
        return PublishedModel.of(store(spark, output, name).loadCurrent());
    }

    /** A given run of the model under {@code <output>/<name>/}. */
    public static PublishedModel load(SparkSession spark, String output, String name, String runId) {
        return PublishedModel.of(store(spark, output, name).load(runId));
    }

    /**
     * The model's predictions for {@code data}, a DataFrame in the layout of the model's input (its
     * job's series, time, feature, target and label columns; a text model's {@code document} and
     * {@code text}): the rows {@code seqtrain predict} writes, as a DataFrame.
     */
    public static Dataset<Row> predict(PublishedModel model, Dataset<Row> data) {
        String view = "seqtrain_input_" + VIEWS.incrementAndGet();
        // The scoring path reads its input by name; the result, once made, no longer needs the name.
        data.createOrReplaceTempView(view);
        try {
            return ScoringJob.predictions(data.sparkSession(), model, "table:" + view);
        } finally {
            data.sparkSession().catalog().dropTempView(view);
        }
    }

    /** The column of {@link #predict}'s result that holds the prediction itself. */
    public static String predictionColumn(PublishedModel model) {
        return ScoringJob.predictionColumn(model);
    }

    /** The columns {@link #predict} returns for {@code model}. */
    public static StructType predictionSchema(PublishedModel model) {
        return ScoringJob.predictionSchema(model);
    }

    private static ModelStore store(SparkSession spark, String output, String name) {
        return ModelStore.open(output, name, spark.sparkContext().hadoopConfiguration());
    }
}
