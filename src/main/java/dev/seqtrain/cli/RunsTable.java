package dev.seqtrain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seqtrain.job.PublishedModel;
import dev.seqtrain.storage.ModelStore;

import java.io.IOException;
import java.util.Locale;

/** The {@code runs} listing: one line per run folder, newest last. */
final class RunsTable {
    private static final String ROW = "%-24s %-10s %-7s %10s %12s %8s%n";

    private RunsTable() {
    }

    static String format(ModelStore store) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, ROW,
                "run", "status", "current", "val RMSE", "persistence", "seconds"));
        for (ModelStore.RunStatus run : store.runs()) {
            String rmse = "-";
            String persistence = "-";
            String seconds = "-";
            String status = run.complete() ? "complete" : run.failed() ? "failed" : "incomplete";
            if (run.complete()) {
                try {
                    JsonNode metrics = new ObjectMapper().readTree(store.artifact(run.runId(), PublishedModel.METRICS));
                    rmse = String.format(Locale.ROOT, "%.4f", metrics.path("validation").path("rmse").asDouble());
                    persistence = String.format(Locale.ROOT, "%.4f",
                            metrics.path("baselines").path("persistence").path("rmse").asDouble());
                    seconds = String.format(Locale.ROOT, "%.1f", metrics.path("wallSeconds").asDouble());
                } catch (IOException | RuntimeException e) {
                    status = "corrupt";
                }
            }
            table.append(String.format(Locale.ROOT, ROW, run.runId(), status, run.current() ? "*" : "",
                    rmse, persistence, seconds));
        }
        return table.toString();
    }
}
