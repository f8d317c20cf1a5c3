package dev.seqtrain.train;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bounds every Spark wait of a command: while it runs, a daemon thread watches the active stages, and
 * when one of them finishes no task for the stall timeout it cancels that stage (interrupting its
 * tasks), so the command fails naming the stage instead of hanging. Reading, training, evaluation and
 * publishing all run under it. Jobs of the {@link #LONG_TASKS} group run one long task by design (a
 * tune trial's rung) and bound their own wait.
 */
public final class StallWatchdog implements AutoCloseable {
    public static final String LONG_TASKS = "seqtrain-long-tasks";

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
        Set<Integer> longTasks = new HashSet<>();
        for (int job : tracker.getJobIdsForGroup(LONG_TASKS)) {
            SparkJobInfo info = tracker.getJobInfo(job).getOrElse(() -> null);
            if (info != null) {
                Arrays.stream(info.stageIds()).forEach(longTasks::add);
            }
        }
        for (int stageId : tracker.getActiveStageIds()) {
            SparkStageInfo stage = tracker.getStageInfo(stageId).getOrElse(() -> null);
            if (stage == null || longTasks.contains(stageId)) {
                continue;
            }
            long finished = stage.numCompletedTasks() + stage.numFailedTasks();
            long[] last = progress.getOrDefault(stageId, new long[]{-1, now});
            if (last[0] != finished) {
                last = new long[]{finished, now};
            } else if (now - last[1] > timeoutNanos) {
                String what = String.format("Spark stage %d (%s) finished no task for %d s (%d of %d tasks done)",
                        stageId, stage.name(), Duration.ofNanos(timeoutNanos).toSeconds(), finished, stage.numTasks());
                if (stalled == null) {
                    stalled = what;
                }
                // Only the stuck stage's job fails: a tune's other trials go on, and the watch goes on for them.
                sc.cancelStage(stageId);
                last = new long[]{finished, now};
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
