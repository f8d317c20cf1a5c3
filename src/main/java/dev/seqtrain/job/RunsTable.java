package dev.seqtrain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.job.PublishedModel;
import dev.seqtrain.storage.ModelStore;

import java.io.IOException;
import java.util.Locale;

/** The {@code runs} listing: one line per run folder, oldest first. */
final class RunsTable {
    private static final String ROW = "%-24s %-10s %-7s %-14s %-24s %8s%n";

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
                    JsonNode metrics = new ObjectMapper().readTree(store.artifact(run.runId(), PublishedModel.METRICS));
                    // Forecasts are judged by RMSE (lower is better), classifiers by macro F1 (higher).
                    String measure = "classify".equals(metrics.path("task").asText()) ? "f1" : "rmse";
                    String best = metrics.path("bestBaseline").asText();
                    validation = String.format(Locale.ROOT, "%s %.4f", measure.toUpperCase(Locale.ROOT),
                            metrics.path("validation").path(measure).asDouble());
                    baseline = String.format(Locale.ROOT, "%s %.4f", best,
                            metrics.path("baselines").path(best).path(measure).asDouble());
                    seconds = String.format(Locale.ROOT, "%.1f", metrics.path("wallSeconds").asDouble());
                } catch (IOException | RuntimeException e) {
                    status = "corrupt";
                }
            }
            table.append(String.format(Locale.ROOT, ROW, run.runId(), status, run.current() ? "*" : "",
                    validation, baseline, seconds));
        }
        return table.toString();
    }
}
