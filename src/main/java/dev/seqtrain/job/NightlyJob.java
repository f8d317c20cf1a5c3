package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.report.GateDecision;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.storage.Json;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.PublishedRun;
import dev.seqtrain.storage.RunIds;
import dev.seqtrain.storage.RunLock;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nightly}: retrains a model of any task on one night's data. Under the model's lock, and only
 * once per date (unless forced): a warm start from CURRENT when its model and preprocessing match the
 * job (else a cold start), then a gate that scores the new and the current model on the night's
 * validation examples, on the task's own metric, and moves CURRENT only if the new one is not worse
 * than the tolerance.
 */
public final class NightlyJob {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyJob.class);

    private NightlyJob() {
    }

    /** How a night ended; the command's exit code tells a scheduler which. */
    public enum Outcome { PROMOTED, REJECTED, ALREADY_DONE }

    /** The record {@code nights/<date>.json} keeps of a finished night. */
    record Night(String date, String runId, boolean promoted, String reason) {
    }

    public static Outcome run(SparkSession spark, JobConfig job, boolean force, Clock clock) {
        ModelStore store = ModelStore.open(job.output(), job.name(), spark.sparkContext().hadoopConfiguration())
                .requireWritable();
        try (RunLock lock = store.lock(owner(), Duration.ofHours(job.nightly().lockTimeoutHours()), clock)) {
            var done = store.night(job.date());
            if (done.isPresent() && !force) {
                LOG.info("night {} of {} already ran: {}; nothing to do (--force retrains it)", job.date(), job.name(),
                        done.get().replaceAll("\\s+", " ").strip());
                return Outcome.ALREADY_DONE;
            }
            PublishedModel current = store.current().map(store::load).map(PublishedModel::of).orElse(null);
            String mismatch = current == null ? "no model is published yet" : mismatch(current, job);
            boolean warmStart = mismatch == null;
            JobConfig night = warmStart
                    ? JobConfigLoader.override(job, List.of("training.epochs=" + job.nightly().epochs())) : job;
            if (warmStart) {
                LOG.info("night {}: warm start from CURRENT run {} for {} epochs (the normaliser is refitted on the "
                        + "night's training data)", job.date(), current.runId(), job.nightly().epochs());
            } else {
                LOG.info("night {}: cold start ({}), {} epochs", job.date(), mismatch, job.training().epochs());
            }
            String inputPath = night.input().path();
            String runId = RunIds.next(clock);
            Path folder = Training.retrain(spark, night, store, runId, new Retrain(warmStart ? current : null, job,
                    (candidate, warm) -> gate(spark, night, inputPath, warm, current, candidate)));
            GateDecision gate = TaskMetrics.read(new String(store.artifact(runId, PublishedModel.METRICS),
                    StandardCharsets.UTF_8)).gate();
            store.recordNight(job.date(), Json.write(new Night(job.date(), runId, gate.promoted(), gate.reason())));
            LOG.info("night {} done: run {} at {}; {} ({})", job.date(), runId, folder,
                    gate.promoted() ? "CURRENT moved to it" : "CURRENT stays at run " + gate.currentRunId(), gate.reason());
            return gate.promoted() ? Outcome.PROMOTED : Outcome.REJECTED;
        }
    }

    /** Scores the current and the new model on the same validation examples of the night's data. */
    private static GateDecision gate(SparkSession spark, JobConfig job, String inputPath, boolean warmStart,
                                     PublishedModel current, PublishedRun candidate) {
        Task task = Task.of(job);
        Score candidateScore = task.evaluate(spark, PublishedModel.of(candidate), inputPath, WindowPart.VALIDATION)
                .score();
        Score currentScore = current == null ? null
                : task.evaluate(spark, current, inputPath, WindowPart.VALIDATION).score();
        GateDecision decision = GateDecision.decide(job.date(), warmStart, current == null ? null : current.runId(),
                candidateScore, currentScore, job.nightly().tolerance());
        LOG.info("gate for night {}: new {}, current {}: {}", job.date(), candidateScore,
                current == null ? "none" : currentScore + " (run " + current.runId() + ")",
                decision.promoted() ? "promote (" + decision.reason() + ")" : "reject (" + decision.reason() + ")");
        return decision;
    }

    /**
     * Why the current model cannot be warm-started for this job, or null when it can: the same network
     * and the same features, targets and windows.
     */
    static String mismatch(PublishedModel current, JobConfig job) {
        JobConfig was = current.job();
        List<String> differ = new ArrayList<>();
        // Either engine's layers hold the same parameters: switching engines is no reason for a cold start.
        Map.of("input.kind", List.of(was.input().kind(), job.input().kind()),
                "model", List.of(was.model().withEngine(job.model().engine()), job.model()),
                "input.features", List.of(was.input().features(), job.input().features()),
                "input.targets", List.of(was.input().targets(), job.input().targets()),
                "window", List.of(was.window(), job.window()),
                "preprocessing.normalization", List.of(was.preprocessing().normalization(),
                        job.preprocessing().normalization()))
                .forEach((key, pair) -> {
                    if (!pair.get(0).equals(pair.get(1))) {
                        differ.add(key);
                    }
                });
        return differ.isEmpty() ? null : "CURRENT run " + current.runId() + " differs in " + String.join(", ",
                differ.stream().sorted().toList());
    }


    /** Who holds the lock, for the message another run prints: host and process. */
    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + " pid " + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
