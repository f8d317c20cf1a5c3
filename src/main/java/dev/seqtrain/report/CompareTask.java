package dev.seqtrain.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One task of an RNN-vs-LSTM comparison and what each cell measured on it.
 *
 * @param family         what the task is: {@code adding problem}, or {@code user data: <job name>}
 * @param sequenceLength steps per input sequence (T)
 * @param longRange      one of a synthetic sweep over T (such as the adding problem), which the report
 *                       charts against T and summarises as the largest T each cell solved
 * @param metric         the metric's name, e.g. {@code MSE}, {@code RMSE}, {@code accuracy}
 * @param baseline       what the network must beat, e.g. {@code constant predictor} or {@code persistence}
 * @param baselineValue  the baseline's metric on the same validation data
 * @param cells          in column order
 */
public record CompareTask(String family, int sequenceLength, boolean longRange, String metric, boolean lowerIsBetter,
                          String baseline, double baselineValue, List<CellResult> cells) {
    public CompareTask {
        cells = List.copyOf(cells);
    }

    /** E.g. {@code adding problem T=50}; a user-data task is named by its family alone. */
    public String name() {
        return longRange ? family + " T=" + sequenceLength : family;
    }

    public Optional<CellResult> cell(String label) {
        return cells.stream().filter(cell -> cell.label().equals(label)).findFirst();
    }

    /** The cell labels of all the tasks, in the order they first appear: the report's columns. */
    static Set<String> labels(List<CompareTask> tasks) {
        Set<String> labels = new LinkedHashSet<>();
        tasks.forEach(task -> task.cells().forEach(cell -> labels.add(cell.label())));
        return labels;
    }

    /** Whether metric value {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return lowerIsBetter ? a < b : a > b;
    }
}
