package dev.seqtrain.train;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every Spark wait of a command: while it runs, a daemon thread watches the active stages, and
 * when one of them finishes no task for the stall timeout it cancels all jobs (interrupting their
 * tasks), so the command fails naming the stage instead of hanging. Reading, training, evaluation and
 * publishing all run under it.
 */
public final class StallWatchdog implements AutoCloseable {
    private final SparkContext sc;
    private final long timeoutNanos;
    private final ScheduledExecutorService thread;
    private final Map<Integer, long[]> progress = new HashMap<>();
    private volatile String stalled;

    private StallWatchdog(SparkContext sc, Duration timeout) {
        this.sc = sc;
        this.timeoutNanos = timeout.toNanos();
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread watchdog = new Thread(runnable, "seqtrain-stall-watchdog");
            watchdog.setDaemon(true);
            return watchdog;
        });
        long every = Math.max(10, Math.min(5_000, timeout.toMillis() / 4));
        thread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching; jobs the calling thread starts from now on are interruptible, so a cancelled task
     * stops waiting too.
     */
    public static StallWatchdog start(SparkContext sc, Duration timeout) {
        sc.setLocalProperty("spark.job.interruptOnCancel", "true");
        return new StallWatchdog(sc, timeout);
    }

    /** The stage that stalled and was cancelled, described, if one did. */
    public Optional<String> stalled() {
        return Optional.ofNullable(stalled);
    }

    private synchronized void check() {
        SparkStatusTracker tracker = sc.statusTracker();
        long now = System.nanoTime();
        Map<Integer, long[]> seen = new HashMap<>();
        for (int stageId : tracker.getActiveStageIds()) {
            SparkStageInfo stage = tracker.getStageInfo(stageId).getOrElse(() -> null);
            if (stage == null) {
                continue;
            }
            long finished = stage.numCompletedTasks() + stage.numFailedTasks();
            long[] last = progress.getOrDefault(stageId, new long[]{-1, now});
            if (last[0] != finished) {
                last = new long[]{finished, now};
            } else if (now - last[1] > timeoutNanos && stalled == null) {
                stalled = String.format("Spark stage %d (%s) finished no task for %d s (%d of %d tasks done)",
                        stageId, stage.name(), Duration.ofNanos(timeoutNanos).toSeconds(), finished, stage.numTasks());
                sc.cancelAllJobs();
            }
            seen.put(stageId, last);
        }
        progress.clear();
        progress.putAll(seen);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
