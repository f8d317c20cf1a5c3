package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watchdog cancels a stage whose tasks stop finishing, but not a job that runs one long task by design. */
class StallWatchdogTest {
    private static long slowCount(JavaSparkContext sc) {
        return sc.parallelize(List.of(1), 1).map(x -> {
            Thread.sleep(2_500);
            return x;
        }).count();
    }

    @Test
    @Timeout(60)
    void aLongTaskIsCancelledUnlessItsJobBoundsItsOwnWait() {
        JavaSparkContext sc = SharedSpark.context();
        try (StallWatchdog watchdog = StallWatchdog.start(sc.sc(), Duration.ofMillis(500))) {
            sc.setJobGroup(StallWatchdog.LONG_TASKS, "one long task", true);
            try {
                assertEquals(1, slowCount(sc), "a tune trial's rung runs to its end");
            } finally {
                sc.clearJobGroup();
            }
            assertTrue(watchdog.stalled().isEmpty(), watchdog.stalled().toString());

            assertThrows(Exception.class, () -> slowCount(sc), "any other stage that finishes no task is cancelled");
            assertTrue(watchdog.stalled().orElse("").contains("finished no task"), watchdog.stalled().toString());
        }
    }
}
