package dev.seqtrain.train;

import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs Spark actions so that none waits forever: each runs in a job group of its own, and a
 * watchdog cancels the group when no task of it has finished for the stall timeout, failing the
 * action with a {@link StalledStageException} that names what stalled and its stage.
 */
public final class SparkJobs {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "seqtrain-stall-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final JavaSparkContext sc;
    private final Duration stallTimeout;

    public SparkJobs(JavaSparkContext sc, Duration stallTimeout) {
        this.sc = sc;
        this.stallTimeout = stallTimeout;
    }

    /** Runs {@code action} (Spark calls on this thread), cancelling it if it stalls. */
    public <T> T run(String what, Supplier<T> action) {
        String group = "seqtrain-" + UUID.randomUUID();
        Watch watch = new Watch(group);
        long checkMillis = Math.max(10, Math.min(5_000, stallTimeout.toMillis() / 4));
        ScheduledFuture<?> check = WATCHDOG.scheduleWithFixedDelay(watch::check, checkMillis, checkMillis,
                TimeUnit.MILLISECONDS);
        sc.setJobGroup(group, what, true);
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (watch.stalled != null) {
                throw new StalledStageException(what + ": no task of " + watch.stalled + " finished for "
                        + stallTimeout.toSeconds() + " s (training.stall-timeout); cancelled", e);
            }
            throw e;
        } finally {
            check.cancel(false);
            sc.clearJobGroup();
        }
    }

    /** Tracks the group's finished tasks; cancels the group once they stop moving for the timeout. */
    private final class Watch {
        private final String group;
        private long finished = -1;
        private long lastProgress = System.nanoTime();
        private volatile String stalled;

        Watch(String group) {
            this.group = group;
        }

        synchronized void check() {
            JavaSparkStatusTracker tracker = sc.statusTracker();
            long done = 0;
            String running = null;
            for (int jobId : tracker.getJobIdsForGroup(group)) {
                SparkJobInfo job = tracker.getJobInfo(jobId);
                if (job == null) {
                    continue;
                }
                for (int stageId : job.stageIds()) {
                    SparkStageInfo stage = tracker.getStageInfo(stageId);
                    if (stage != null) {
                        done += stage.numCompletedTasks() + stage.numFailedTasks();
                        if (stage.numActiveTasks() > 0 || running == null) {
                            running = "stage " + stageId + " (" + stage.name() + ")";
                        }
                    }
                }
            }
            if (done != finished) {
                finished = done;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos() && stalled == null) {
                stalled = running == null ? "its jobs" : running;
                sc.cancelJobGroup(group);
            }
        }
    }
}
