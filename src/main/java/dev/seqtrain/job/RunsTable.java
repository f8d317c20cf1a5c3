package dev.seqtrain.job;

import dev.seqtrain.report.RunReport;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.storage.ModelStore;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The {@code runs} listing: one line per run folder, oldest first, each run judged by its task's own metric. */
final class RunsTable {
    private static final String ROW = "%-24s %-10s %-7s %-18s %-30s %8s%n";

    private RunsTable() {
    }

    static String format(ModelStore store) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, ROW,
                "run", "status", "current", "validation", "best baseline", "seconds"));
        for (ModelStore.RunStatus run : store.runs()) {
            String validation = "-";
            String baseline = "-";
            String seconds = "-";
            String status = run.corrupt() ? "corrupt" : run.complete() ? "complete" : run.failed() ? "failed"
                    : "incomplete";
            if (run.complete() && !run.corrupt()) {
                try {
                    TaskMetrics metrics = TaskMetrics.read(new String(store.artifact(run.runId(), PublishedModel.METRICS),
                            StandardCharsets.UTF_8));
                    validation = metrics.score().toString();
                    String best = metrics.bestBaseline();
                    baseline = best == null ? "-" : best + " " + String.format(Locale.ROOT, "%.4f",
                            metrics.baselineScores().get(best).value());
                    seconds = String.format(Locale.ROOT, "%.1f", metrics.wallSeconds());
                } catch (RuntimeException e) {
                    status = "corrupt";
                }
            }
            table.append(String.format(Locale.ROOT, ROW, run.runId(), status, run.current() ? "*" : "",
                    validation, baseline, seconds));
        }
        return table.append("each run's report: ").append(store.root()).append("/runs/<run>/").append(RunReport.FILE)
                .append('\n').toString();
    }
}
