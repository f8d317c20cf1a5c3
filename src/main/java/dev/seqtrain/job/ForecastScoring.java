package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.Score;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.train.WindowScorer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
 * A published forecaster on new data: the run's own normaliser, windowing, features and targets,
 * applied to the input and scored on the workers.
 */
final class ForecastScoring {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastScoring.class);

    private ForecastScoring() {
    }

    /** The forecasts of {@code part}'s windows (ALL: every window whose inputs fit, the last past the data's end). */
    static Dataset<Row> predictions(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        InputConfig input = model.job().input().withPath(inputPath);
        PreparedData data = PreparedData.forScoring(spark, model.job(), input, model.normalizer(), sc.defaultParallelism());
        if (data.series().possibleWindows(part) == 0) {
            throw new InvalidInputException(data.source() + ": no series has " + model.job().window().length()
                    + " rows, the window length");
        }
        return spark.createDataFrame(WindowScorer.score(sc, model.modelBytes(), model.scoringBatch(), data.windows(part),
                data.series().layout(), data.outputs(), model.normalizer()), WindowScorer.SCHEMA);
    }

    /** Errors of the model and of persistence over the windows whose targets are in the data, per output. */
    record Evaluation(String runId, String input, long windows, ErrorSummary model, Map<String, ErrorSummary> baselines,
                      boolean beatsBaselines, List<OutputErrors> outputs) implements Task.Evaluation {
        @Override
        public Score score() {
            return Score.rmse(model.rmse());
        }
    }

    /** One output's errors, original units. */
    record OutputErrors(String target, int stepsAhead, long windows, ErrorSummary model, ErrorSummary persistence) {
    }

    static Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        Dataset<Row> predictions = predictions(spark, model, inputPath, part).cache();
        try {
            ScoringJob.requireFinite(predictions, List.of("prediction"), model);
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
            List<OutputErrors> outputs = groups.stream().map(g -> new OutputErrors(g.getString(0), g.getInt(1),
                    g.getLong(2), new ErrorSummary(g.getDouble(3), g.getDouble(4)),
                    new ErrorSummary(g.getDouble(5), g.getDouble(6)))).toList();
            ErrorSummary network = ErrorSummary.mean(outputs.stream().map(OutputErrors::model).toList());
            ErrorSummary persistence = ErrorSummary.mean(outputs.stream().map(OutputErrors::persistence).toList());
            Evaluation evaluation = new Evaluation(model.runId(), Redaction.uris(inputPath), outputs.get(0).windows(),
                    network, Map.of("persistence", persistence), network.rmse() < persistence.rmse(), outputs);
            LOG.info(String.format(Locale.ROOT, "run %s on %s: %d windows, RMSE %.4f (persistence %.4f)",
                    evaluation.runId(), evaluation.input(), evaluation.windows(), network.rmse(), persistence.rmse()));
            return evaluation;
        } finally {
            predictions.unpersist();
        }
    }
}
