package dev.seqtrain.ml;

import dev.seqtrain.job.PublishedModel;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/**
 * The README's "Use from Spark code" example, verbatim between the markers ({@code UseFromSparkExampleTest}
 * checks that and runs it). Run it by hand with a readings CSV and a folder:
 * {@code java -cp <test classpath> dev.seqtrain.ml.UseFromSparkExample readings.csv /tmp/seqtrain-example}.
 */
public final class UseFromSparkExample {
    private UseFromSparkExample() {
    }

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("use-seqtrain").getOrCreate();
        try {
            run(spark, args[0], args[1]);
        } finally {
            spark.stop();
        }
    }

    static Dataset<Row> run(SparkSession spark, String readingsCsv, String folder) throws IOException {
        // README:begin
        Dataset<Row> readings = spark.read().option("header", "true").option("inferSchema", "true")
                .csv(readingsCsv);                                  // date, pressure, temperature, wind

        // Train as `seqtrain train --job sample-forecast` does, on this DataFrame; the run is published
        // to <output>/sample-forecast/ like any other, and the fitted model scores with it.
        SeqtrainEstimator lstm = new SeqtrainEstimator()
                .setJob("sample-forecast")                          // a job file, or an embedded job's name
                .setOverrides("output=" + folder + "/models", "training.epochs=2");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{lstm}).fit(readings);
        fitted.write().overwrite().save(folder + "/pipeline");

        // Elsewhere, later: one row per window and output, the rows `seqtrain predict` writes.
        Dataset<Row> forecasts = PipelineModel.load(folder + "/pipeline").transform(readings);
        forecasts.where("steps_ahead = 6").orderBy("row").show(3);

        // Without a pipeline: the run CURRENT names, scored 512 windows per forward pass.
        PublishedModel current = SeqtrainModels.load(spark, folder + "/models", "sample-forecast")
                .withScoringBatch(512);
        SeqtrainModels.predict(current, readings).groupBy("target").count().show();
        // README:end
        return forecasts;
    }
}
