package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.EpochProgress;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.Json;
import dev.seqtrain.report.RunMetrics;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.WindowRdds;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains a forecaster with parameter averaging and publishes the run. */
public final class ForecastJob {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);

    private ForecastJob() {
    }

    /** What a finished run left behind. */
    public record Result(Path runFolder, RunMetrics metrics) {
    }

    public static Result run(SparkSession spark, JobConfig job, String runId) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();

        ForecastData data = ForecastData.prepare(job, hadoop);
        LOG.info(String.format(Locale.ROOT, "read %s in %.1fs", data.series().source(), seconds(start)));
        LOG.info("{} rows: {} train / {} validation; {} train windows, {} validation windows of {} steps, horizon {}",
                data.series().length(), data.split().trainRows(), data.split().validationRows(), data.trainStarts().length,
                data.validationStarts().length, job.window().length(), job.window().horizon());

        MultiLayerNetwork network = NetworkFactory.init(NetworkFactory.forecaster(job.model(),
                job.input().features().size(), job.training().learningRate(), job.training().seed()));
        LOG.info("model: {} x {} layer(s) of {} units -> 1 output, {} parameters", job.model().cell().key(),
                job.model().layers(), job.model().hiddenSize(), network.numParams());

        ModelStore store = ModelStore.open(job.output(), job.name(), hadoop);
        RunFolder folder = store.createRun(runId);
        try {
            ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, job.training());
            LOG.info("training with parameter averaging: {} workers, {} windows per worker batch, averaging every {} batches",
                    trainer.workers(), job.training().batchSizePerWorker(), job.training().averagingFrequency());
            List<EpochResult> soFar = new ArrayList<>();
            ParameterAveragingTrainer.Trained trained = trainer.fit(network,
                    WindowRdds.forecast(sc, data.cutter(), data.trainStarts(), trainer.workers()),
                    WindowRdds.forecast(sc, data.cutter(), data.validationStarts(), trainer.workers()),
                    data.targetScale(),
                    result -> {
                        soFar.add(result);
                        LOG.info(EpochProgress.line(result, job.training().epochs(), soFar, job.input().target()));
                    });

            RunMetrics metrics = metrics(job, runId, data, trained, trainer.workers(), seconds(start));
            folder.write("model.zip", out -> ModelSerializer.writeModel(trained.network(), out, true));
            folder.writeText("normalizer.json", Json.write(data.standardizer()));
            folder.writeText("job.conf", job.resolved());
            folder.writeText("metrics.json", Json.write(metrics));
            folder.commit();
            // No promotion gate yet: a complete run becomes CURRENT.
            store.promote(runId);
            logVerdict(folder.path(), metrics);
            return new Result(folder.path(), metrics);
        } catch (RuntimeException | Error e) {
            folder.discard();
            throw e;
        }
    }

    static RunMetrics metrics(JobConfig job, String runId, ForecastData data, ParameterAveragingTrainer.Trained trained,
                              int workers, double wallSeconds) {
        List<EpochResult> epochs = trained.epochs();
        ErrorSummary validation = epochs.get(epochs.size() - 1).validation();
        Map<String, ErrorSummary> baselines = Map.of("persistence", data.persistenceBaseline());
        boolean beatsBaselines = baselines.values().stream().allMatch(b -> validation.rmse() < b.rmse());
        return new RunMetrics(job.name(), runId, "forecast", job.input().target(),
                new RunMetrics.Data(data.series().source(), job.input().features(), data.series().length(),
                        data.split().trainRows(), data.split().validationRows(), job.window().length(),
                        job.window().stride(), job.window().horizon(), data.trainStarts().length, data.validationStarts().length),
                new RunMetrics.Model(job.model().cell().key(), job.model().layers(), job.model().hiddenSize(),
                        trained.network().numParams()),
                new RunMetrics.Training(workers, job.training().batchSizePerWorker(),
                        job.training().averagingFrequency(), job.training().epochs(), job.training().learningRate(),
                        "parameter-averaging/direct"),
                epochs, validation, baselines, beatsBaselines, wallSeconds);
    }

    private static void logVerdict(Path folder, RunMetrics metrics) {
        ErrorSummary persistence = metrics.baselines().get("persistence");
        String verdict = metrics.beatsBaselines()
                ? "beats the persistence baseline"
                : "does NOT beat the persistence baseline: prefer the baseline or revisit the job";
        LOG.info(String.format(Locale.ROOT, "published run %s to %s (now CURRENT) in %.1fs: validation RMSE %.4f %s "
                        + "(persistence %.4f); the model %s", metrics.runId(), folder, metrics.wallSeconds(),
                metrics.validation().rmse(), metrics.target(), persistence.rmse(), verdict));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
