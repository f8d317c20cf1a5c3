package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.report.Verdict;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.PublishedRun;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.ParameterAveragingTrainer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains and publishes a run of any task: the skeleton the tasks share. The task prepares its
 * examples; the runner opens the run folder, trains with checkpoints and early stopping, scores the
 * result against the nightly gate when there is one, publishes the model with its artifacts, metrics
 * and report, and on failure keeps a checkpointed run for {@code --resume} or deletes it.
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private TaskRunner() {
    }

    /** What training produced, for a task to state as its metrics. */
    record Trained(JobConfig job, String runId, TrainingLoop.Outcome outcome, int workers, double wallSeconds) {
        List<EpochResult> epochs() {
            return outcome.epochs();
        }

        /** The published epoch: the best, or the last without keep-best. */
        EpochResult chosen() {
            return outcome.chosen();
        }

        boolean stoppedEarly() {
            return outcome.stoppedEarly();
        }

        TaskMetrics.Model model() {
            return TrainingLoop.modelSummary(job.model(), outcome.network());
        }

        TaskMetrics.Training training() {
            TrainingConfig config = job.training();
            return new TaskMetrics.Training(workers, config.batchSizePerWorker(), config.averagingFrequency(),
                    config.epochs(), config.learningRate(), "parameter-averaging/shards-in-place");
        }
    }

    /**
     * @param runFolder  the run's folder, made once the data has been read and checked
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     * @param retrain    a nightly run's warm start and promotion gate, or null for {@code train}
     */
    static Path train(SparkSession spark, JobConfig job, ModelStore store, Supplier<RunFolder> runFolder,
                      Checkpoints.State resumeFrom, Retrain retrain) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ParameterAveragingTrainer preparing = new ParameterAveragingTrainer(sc, job.training());
        PublishedModel offered = retrain == null ? null : retrain.warmFrom();
        TaskData prepared = Task.of(job).prepare(spark, job, preparing, offered);
        try {
            // Decided once, before training: a model that does not fit these examples (a classifier whose
            // labels changed) means a cold start, for the job's own epochs, and the gate is told so.
            String mismatch = offered == null ? null : prepared.warmStartMismatch(offered);
            if (mismatch != null) {
                LOG.warn("cold start after all ({}): {} epochs", mismatch, retrain.coldStart().training().epochs());
            }
            JobConfig trained = mismatch == null ? job : retrain.coldStart();
            TaskData data = mismatch == null ? prepared : prepared.forJob(trained);
            PublishedModel warmFrom = mismatch == null ? offered : null;
            ParameterAveragingTrainer trainer = mismatch == null ? preparing
                    : new ParameterAveragingTrainer(sc, trained.training());
            LOG.info(String.format(Locale.ROOT, "read %s in %.1fs: %s", trained.input().path(),
                    TrainingLoop.secondsSince(start), data.summary()));
            RunFolder folder = runFolder.get();
            trainer.inRunFolder(folder.path());
            try {
                TrainingLoop.Outcome outcome = TrainingLoop.run(folder, trained, trainer,
                        () -> network(trained, data, warmFrom), resumeFrom, data);
                TaskMetrics metrics = data.metrics(new Trained(trained, folder.runId(), outcome, trainer.workers(),
                        TrainingLoop.secondsSince(start)));
                Map<String, String> artifacts = new LinkedHashMap<>(data.artifacts());
                artifacts.put(PublishedModel.JOB, trained.resolved());
                artifacts.put(PublishedModel.METRICS, Json.write(metrics));
                byte[] model = TrainingLoop.modelBytes(outcome.network());
                if (retrain != null) {
                    // The gate scores the new model as it would be published, before anything is.
                    metrics = metrics.withGate(retrain.gate().decide(candidate(folder, model, artifacts),
                            warmFrom != null));
                    artifacts.put(PublishedModel.METRICS, Json.write(metrics));
                }
                artifacts.put(RunReport.FILE, RunReport.html(metrics, data.picture(outcome.network())));
                TrainingLoop.publish(folder, store, model, artifacts, metrics.gate() == null || metrics.gate().promoted());
                LOG.info(Verdict.published(metrics, folder.path().toString()));
                return folder.path();
            } catch (Exception | Error e) { // Exception: Spark's checked exceptions arrive undeclared
                TrainingLoop.failed(folder, e);
                throw e;
            }
        } finally {
            prepared.release();
        }
    }

    /** The network to train: the published one a nightly run continues, else a new one. */
    private static MultiLayerNetwork network(JobConfig job, TaskData data, PublishedModel warmFrom) {
        if (warmFrom != null) {
            return NetworkFactory.withEngine(warmFrom.network(true), job.model().engine());
        }
        MultiLayerNetwork network = data.newNetwork();
        LOG.info("model: {} {}, {} parameters: {}", job.input().kind(), job.model().cell().key(), network.numParams(),
                TrainingLoop.layers(network));
        return network;
    }

    private static PublishedRun candidate(RunFolder folder, byte[] model, Map<String, String> artifacts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PublishedModel.MODEL, model);
        artifacts.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return new PublishedRun(folder.runId(), folder.path().toString(), files);
    }
}
