package dev.seqtrain.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Formats the one log line a user watches per epoch: where training is, how well and how fast. */
public final class EpochProgress {
    private EpochProgress() {
    }

    /** @param units what the RMSE is of, e.g. the target column */
    public static String line(EpochResult result, int epochs, List<EpochResult> soFar, String units) {
        double meanEpochSeconds = soFar.stream().mapToDouble(EpochResult::epochSeconds).average().orElse(0);
        long etaSeconds = Math.round(meanEpochSeconds * (epochs - result.epoch()));
        String validation;
        if (result.classification() != null) {
            validation = String.format(Locale.ROOT, "val accuracy %.4f  val F1 %.4f", result.classification().accuracy(),
                    result.classification().f1());
        } else if (result.validation() == null) {
            validation = String.format(Locale.ROOT, "val %.4f bits/char", result.validationLoss());
        } else {
            validation = String.format(Locale.ROOT, "val loss %.5f  val RMSE %.4f %s", result.validationLoss(),
                    result.validation().rmse(), units);
        }
        return String.format(Locale.ROOT, "epoch %d/%d  train loss %.5f  %s  %.0f windows/s  epoch %.1fs  ETA %s",
                result.epoch(), epochs, result.trainLoss(), validation, result.windowsPerSecond(),
                result.epochSeconds(), clock(etaSeconds));
    }

    /**
     * A line from inside a long epoch: examples fitted so far, the rate, and when the epoch and the
     * run should end (later epochs taken as long as the earlier ones, or as this one when it is the first).
     */
    public static String within(int epoch, int epochs, long done, long examples, double seconds,
                                List<EpochResult> earlier) {
        double rate = done / seconds;
        double epochLeft = (examples - done) / rate;
        double perEpoch = earlier.isEmpty() ? examples / rate
                : earlier.stream().mapToDouble(EpochResult::epochSeconds).average().orElse(0);
        return String.format(Locale.ROOT, "epoch %d/%d  %d/%d windows (%.0f%%)  %.0f windows/s  epoch ETA %s  run ETA %s",
                epoch, epochs, done, examples, 100.0 * done / examples, rate, clock(Math.round(epochLeft)),
                clock(Math.round(epochLeft + perEpoch * (epochs - epoch))));
    }

    static String clock(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutesPart(), d.toSecondsPart());
    }
}
