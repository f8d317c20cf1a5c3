package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.report.Score;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.train.ParameterAveragingTrainer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * One kind of model seqtrain trains and serves: how a job's input becomes training examples, and how
 * a published model scores and predicts new data. {@link TaskRunner} owns what every task shares
 * (the run folder, checkpoints, early stopping, publishing, failure); a new task is one implementation.
 */
interface Task {
    /** The task of a job, by its {@code input.kind}. */
    static Task of(JobConfig job) {
        return switch (job.input().kind()) {
            case SERIES -> new ForecastTask();
            case SEQUENCES -> new SequenceClassifierTask();
            case PASSAGES -> new PassageClassifierTask();
            case TEXT -> new CharModelTask();
        };
    }

    /**
     * Reads the job's input and prepares its training and validation examples.
     *
     * @param warmFrom the published model a nightly run continues from (its vocabulary or labels keep
     *                 their indices), or null
     */
    TaskData prepare(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer, PublishedModel warmFrom);

    /**
     * Scores a published model on new data with its own preprocessing: all of it, or ({@code part} =
     * validation) the part the model's job validates on, as the nightly gate compares two models.
     */
    Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part);

    /** One row per example of new data with the model's prediction. */
    Predictions predict(SparkSession spark, PublishedModel model, String inputPath);

    /** The columns of {@link #predict}'s rows. */
    StructType predictionSchema(PublishedModel model);

    /** The column of {@link #predict}'s rows that holds the prediction itself. */
    String predictionColumn();

    /** What {@code evaluate} prints: the model's score on new data next to its baselines'. */
    interface Evaluation {
        String runId();

        Score score();
    }

    /**
     * @param values the columns holding what the model computed: one NaN or infinity among them and
     *               nothing is written
     */
    record Predictions(Dataset<Row> rows, List<String> values) {
    }
}
