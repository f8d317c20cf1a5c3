package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.ForecastMetrics;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Json;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.WindowDataSets;
import dev.seqtrain.train.WindowScorer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A forecaster of series windows: the targets {@code window.horizon} steps after each window. */
final class ForecastTask implements Task {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastTask.class);
    /** Validation windows the run report draws forecasts for. */
    private static final int REPORT_WINDOWS = 240;

    @Override
    public TaskData prepare(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer,
                            PublishedModel warmFrom) {
        int partitions = job.preprocessing().partitions() > 0 ? job.preprocessing().partitions() : trainer.workers();
        PreparedData data = PreparedData.forTraining(spark, job, partitions);
        boolean sequence = job.window().sequence();
        Shards train = Shards.balanced(data.windows(WindowPart.TRAIN), windows -> WindowDataSets.shard(windows, sequence),
                trainer.workers(), trainer.storageLevel());
        Shards validation = Shards.of(data.windows(WindowPart.VALIDATION),
                windows -> WindowDataSets.shard(windows, sequence), trainer.storageLevel());
        Baselines.Evaluated baselines = Baselines.evaluate(data, job.baselines().seasonalPeriod(), job.window().length());
        baselines.missing().forEach((name, why) -> LOG.warn("baseline {} could not be computed: {}", name, why));
        return new Data(job, data, train, validation, baselines);
    }

    private record Data(JobConfig job, PreparedData data, Shards train, Shards validation,
                        Baselines.Evaluated baselines) implements TaskData {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%d series, %d rows; %d training and %d validation windows of %d steps, "
                            + "horizon %d; %d partitions of %s training windows (min/median/max)",
                    data.series().layout().seriesCount(), data.series().layout().rows(), train.examples(),
                    validation.examples(), job.window().length(), job.window().horizon(), train.sizes().length,
                    Arrays.toString(Summaries.minMedianMax(train.sizes())));
        }

        @Override
        public MultiLayerNetwork newNetwork() {
            TrainingConfig config = job.training();
            return NetworkFactory.init(NetworkFactory.forecaster(job.model(), job.input().features().size(),
                    data.outputs().count(), job.window().sequence(), config.learningRate(), config.learningRateDecay(),
                    config.seed()));
        }

        @Override
        public Evaluator evaluator() {
            return Evaluator.regression(data.outputScales());
        }

        @Override
        public String units() {
            return String.join(",", job.input().targets());
        }

        @Override
        public int[] exampleShape() {
            return new int[]{job.window().length(), job.input().features().size()};
        }

        @Override
        public Map<String, String> artifacts() {
            return Map.of(PublishedModel.NORMALIZER, Json.write(data.normalizer()));
        }

        /** The first output over the first validation windows: what the report draws. */
        @Override
        public RunReport.Picture picture(MultiLayerNetwork network) {
            List<Tuple2<float[][], double[]>> stretch = data.windows(WindowPart.VALIDATION).map(window -> {
                int last = window.targets()[0].length - 1;
                return new Tuple2<>(window.inputs(), new double[]{window.targets()[0][last], window.persisted()[0][last]});
            }).take(REPORT_WINDOWS);
            if (stretch.isEmpty()) {
                return null;
            }
            INDArray output = network.output(WindowDataSets.features(stretch.stream().map(Tuple2::_1).toList()));
            int column = data.outputs().column(0);
            double[] actual = new double[stretch.size()];
            double[] forecast = new double[stretch.size()];
            double[] persistence = new double[stretch.size()];
            for (int i = 0; i < actual.length; i++) {
                double normalised = output.rank() == 3 ? output.getDouble(i, 0, output.size(2) - 1) : output.getDouble(i, 0);
                forecast[i] = normalised * data.normalizer().scale()[column] + data.normalizer().shift()[column];
                actual[i] = stretch.get(i)._2()[0];
                persistence[i] = stretch.get(i)._2()[1];
            }
            return new RunReport.Forecasts(data.outputs().names().get(0), actual, forecast, persistence);
        }

        @Override
        public TaskMetrics metrics(TaskRunner.Trained trained) {
            ErrorSummary validationErrors = trained.chosen().validation();
            Map<String, List<ErrorSummary>> byOutput = baselines.errors();
            Map<String, ErrorSummary> means = new LinkedHashMap<>();
            byOutput.forEach((name, errors) -> means.put(name, ErrorSummary.mean(errors)));
            var layout = data.series().layout();
            long trainRows = 0;
            for (int s = 0; s < layout.seriesCount(); s++) {
                trainRows += layout.trainRows(s);
            }
            long possible = data.series().possibleWindows(WindowPart.TRAIN)
                    + data.series().possibleWindows(WindowPart.VALIDATION);
            long[] perPartition = train.sizes();
            Map<String, Score> scores = baselineScores();
            return new ForecastMetrics(job.name(), trained.runId(), ForecastMetrics.TASK, data.outputs().names(),
                    new ForecastMetrics.Data(data.source(), job.input().features(), layout.seriesCount(),
                            data.series().shortSeries(), layout.rows(), trainRows, job.window().length(),
                            job.window().stride(), job.window().horizon(), train.examples(), validation.examples(),
                            possible - train.examples() - validation.examples(), data.series().missingValues(),
                            data.series().filledValues(), data.badRowsSkipped(), data.normalizer().method(),
                            perPartition.length, Summaries.minMedianMax(perPartition)),
                    trained.model(), trained.training(), trained.epochs(), trained.chosen().epoch(),
                    trained.stoppedEarly(), validationErrors, trained.chosen().validationByOutput(), means, byOutput,
                    TaskMetrics.best(scores), baselines.missing(),
                    TaskMetrics.beatsAll(Score.rmse(validationErrors.rmse()), scores, baselines.missing()),
                    trained.wallSeconds(), null);
        }

        @Override
        public TaskData forJob(JobConfig other) {
            return new Data(other, data, train, validation, baselines);
        }

        @Override
        public Map<String, Score> baselineScores() {
            Map<String, Score> scores = new LinkedHashMap<>();
            baselines.errors().forEach((name, errors) -> scores.put(name, Score.rmse(ErrorSummary.mean(errors).rmse())));
            return scores;
        }

        @Override
        public void release() {
            train.release();
            validation.release();
            data.series().release();
        }
    }

    @Override
    public Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        return ForecastScoring.evaluate(spark, model, inputPath, part);
    }

    @Override
    public StructType predictionSchema(PublishedModel model) {
        return WindowScorer.SCHEMA;
    }

    @Override
    public String predictionColumn() {
        return "prediction";
    }

    @Override
    public Predictions predict(SparkSession spark, PublishedModel model, String inputPath) {
        return new Predictions(ForecastScoring.predictions(spark, model, inputPath, WindowPart.ALL), List.of(predictionColumn()));
    }
}
