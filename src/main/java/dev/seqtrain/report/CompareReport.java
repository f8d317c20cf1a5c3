package dev.seqtrain.report;

import dev.seqtrain.storage.Json;
import java.util.List;

/**
 * An RNN-vs-LSTM comparison: what each cell measured on each task, and which cell to use. Written as
 * {@code compare.json} ({@link #json()}) and as one self-contained HTML page ({@link #html()}).
 *
 * @param tasks          long-range sweeps (e.g. the adding problem at several T) and user-data tasks
 * @param recommendation derived from the tasks by {@link Recommendation#of}
 */
public record CompareReport(String title, List<CompareTask> tasks, Recommendation recommendation) {
    public CompareReport {
        tasks = List.copyOf(tasks);
    }

    public static CompareReport of(String title, List<CompareTask> tasks) {
        return new CompareReport(title, tasks, Recommendation.of(tasks));
    }

    public String json() {
        return Json.write(this);
    }

    /** Draws the charts: needs fonts on the machine (a chart that cannot be drawn becomes a note). */
    public String html() {
        return CompareHtml.render(this);
    }
}
