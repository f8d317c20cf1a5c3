package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.RunMetrics;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.PublishedRun;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.WindowDataSets;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Trains a forecaster of series windows with parameter averaging and publishes the run. */
public final class ForecastJob {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);

    private ForecastJob() {
    }

    /** @param retrain a nightly run's warm start and promotion gate; null for {@code train} */
    static Path train(SparkSession spark, JobConfig job, ModelStore store, Supplier<RunFolder> runFolder,
                      Checkpoints.State resumeFrom, Retrain retrain) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, job.training());
        int partitions = job.preprocessing().partitions() > 0 ? job.preprocessing().partitions() : trainer.workers();

        PreparedData data = PreparedData.forTraining(spark, job, partitions);
        boolean sequence = job.window().sequence();
        Shards train = Shards.balanced(data.windows(WindowPart.TRAIN), windows -> WindowDataSets.shard(windows, sequence),
                trainer.workers(), trainer.storageLevel());
        Shards validation = Shards.of(data.windows(WindowPart.VALIDATION),
                windows -> WindowDataSets.shard(windows, sequence), trainer.storageLevel());
        long[] perPartition = train.sizes();
        long trainWindows = train.examples();
        Baselines.Evaluated baselines = Baselines.evaluate(data, job.baselines().seasonalPeriod(), job.window().length());
        baselines.missing().forEach((name, why) -> LOG.warn("baseline {} could not be computed: {}", name, why));
        long validationWindows = validation.examples();
        LOG.info(String.format(Locale.ROOT, "read and windowed %s in %.1fs: %d series, %d rows; %d training and %d "
                        + "validation windows of %d steps, horizon %d; %d partitions of %s training windows (min/median/max)",
                data.source(), TrainingLoop.secondsSince(start), data.series().layout().seriesCount(), data.series().layout().rows(),
                trainWindows, validationWindows, job.window().length(), job.window().horizon(), perPartition.length,
                Arrays.toString(Summaries.minMedianMax(perPartition))));

        RunFolder folder = runFolder.get();
        trainer.inRunFolder(folder.path());
        try {
            TrainingConfig config = job.training();
            TrainingLoop.Outcome outcome = TrainingLoop.run(folder, job.resolved(), config, job.model(), trainer,
                    () -> {
                        if (retrain != null && retrain.warmStart() != null) {
                            return retrain.warmStart();
                        }
                        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.forecaster(job.model(),
                                job.input().features().size(), data.outputs().count(), sequence, config.learningRate(),
                                config.learningRateDecay(), config.seed()));
                        LOG.info("model: {} -> {} ({}), {} parameters: {}", job.model().cell().key(),
                                data.outputs().names(), sequence ? "at every step" : "after the last step",
                                network.numParams(), TrainingLoop.layers(network));
                        return network;
                    },
                    resumeFrom, train, new int[]{job.window().length(), job.input().features().size()}, validation,
                    Evaluator.regression(data.outputScales()), String.join(",", job.input().targets()));
            MultiLayerNetwork published = outcome.network();
            RunMetrics metrics = metrics(job, folder.runId(), data, published, outcome.epochs(), outcome.chosen(),
                    outcome.stoppedEarly(), trainer.workers(), perPartition, trainWindows, validationWindows, baselines,
                    TrainingLoop.secondsSince(start));
            Map<String, String> artifacts = TrainingLoop.ordered(PublishedModel.NORMALIZER,
                    Json.write(data.normalizer()), PublishedModel.JOB, job.resolved(), PublishedModel.METRICS,
                    Json.write(metrics));
            if (retrain == null) {
                TrainingLoop.publish(folder, store, published, artifacts);
            } else {
                // The gate scores the new model as it would be published, before anything is.
                byte[] model = TrainingLoop.modelBytes(published);
                Map<String, byte[]> candidate = new LinkedHashMap<>();
                candidate.put(PublishedModel.MODEL, model);
                artifacts.forEach((name, text) -> candidate.put(name, text.getBytes(StandardCharsets.UTF_8)));
                metrics = metrics.withGate(retrain.gate().apply(new PublishedRun(folder.runId(),
                        folder.path().toString(), candidate)));
                artifacts.put(PublishedModel.METRICS, Json.write(metrics));
                TrainingLoop.publish(folder, store, model, artifacts, metrics.gate().promoted());
            }
            logVerdict(folder.path(), metrics);
            return folder.path();
        } catch (RuntimeException | Error e) {
            TrainingLoop.failed(folder, e);
            throw e;
        } finally {
            train.release();
            validation.release();
            data.series().release();
        }
    }

    private static RunMetrics metrics(JobConfig job, String runId, PreparedData data, MultiLayerNetwork published,
                                      List<EpochResult> epochs, EpochResult chosen, boolean stoppedEarly, int workers,
                                      long[] perPartition, long trainWindows, long validationWindows,
                                      Baselines.Evaluated evaluated, double wallSeconds) {
        ErrorSummary validation = chosen.validation();
        Map<String, List<ErrorSummary>> byOutput = evaluated.errors();
        Map<String, ErrorSummary> baselines = new LinkedHashMap<>();
        byOutput.forEach((name, errors) -> baselines.put(name, ErrorSummary.mean(errors)));
        boolean beatsBaselines = evaluated.missing().isEmpty()
                && baselines.values().stream().allMatch(b -> validation.rmse() < b.rmse());
        var layout = data.series().layout();
        long trainRows = 0;
        for (int s = 0; s < layout.seriesCount(); s++) {
            trainRows += layout.trainRows(s);
        }
        long possible = data.series().possibleWindows(WindowPart.TRAIN) + data.series().possibleWindows(WindowPart.VALIDATION);
        return new RunMetrics(job.name(), runId, "forecast", data.outputs().names(),
                new RunMetrics.Data(data.source(), job.input().features(), layout.seriesCount(),
                        data.series().shortSeries(), layout.rows(), trainRows,
                        job.window().length(), job.window().stride(), job.window().horizon(), trainWindows,
                        validationWindows, possible - trainWindows - validationWindows, data.series().missingValues(),
                        data.series().filledValues(), data.badRowsSkipped(), data.normalizer().method(),
                        perPartition.length, Summaries.minMedianMax(perPartition)),
                TrainingLoop.modelSummary(job.model(), published),
                TrainingLoop.trainingSummary(job.training(), workers, job.training().batchSizePerWorker()),
                epochs, chosen.epoch(), stoppedEarly, validation, chosen.validationByOutput(), baselines, byOutput,
                Baselines.best(byOutput), evaluated.missing(), beatsBaselines, wallSeconds, null);
    }

    private static void logVerdict(Path folder, RunMetrics metrics) {
        String best = metrics.bestBaseline();
        boolean beatsComputed = metrics.baselines().values().stream()
                .allMatch(b -> metrics.validation().rmse() < b.rmse());
        String verdict = metrics.beatsBaselines() ? "beats every baseline"
                : beatsComputed ? "beats the baselines it could be compared with, but not " + String.join(", ",
                metrics.missingBaselines().keySet()) + ", which could not be computed (see the warning above)"
                : "does NOT beat the best baseline (" + best + "): prefer the baseline or revisit the job";
        StringBuilder baselines = new StringBuilder();
        metrics.baselines().forEach((name, errors) -> baselines.append(String.format(Locale.ROOT, "%s%s %.4f",
                baselines.length() == 0 ? "" : ", ", name, errors.rmse())));
        String current = metrics.gate() == null || metrics.gate().promoted() ? "now CURRENT"
                : "CURRENT stays at run " + metrics.gate().currentRunId() + ": " + metrics.gate().reason();
        LOG.info(String.format(Locale.ROOT, "published run %s to %s (%s) in %.1fs: validation RMSE %.4f "
                        + "(%s)%s; the model %s", metrics.runId(), folder, current, metrics.wallSeconds(),
                metrics.validation().rmse(), baselines,
                metrics.outputs().size() > 1 ? ", means over " + metrics.outputs().size() + " outputs" : "", verdict));
    }
}
