package dev.seqtrain.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which cell to use, in plain words derived from the measured numbers: the cheapest cell within
 * {@link #TOLERANCE} of the best.
 *
 * <p>On a task, every cell whose metric is within {@link #TOLERANCE} of the best one's (relative, in the
 * metric's direction) holds up, and of those the one that trains fastest is the cheapest. On a
 * long-range sweep, the cells that solve the longest T any cell solves hold up, and the cheapest is the
 * fastest at the longest T compared. User-data tasks decide when there are any (the sweeps are stated
 * for context); otherwise the sweeps decide. With several deciding tasks, the cheapest cell that holds
 * up on all of them; if none does, the LSTM, the safe default. The parameter-matched RNN is measured
 * for context and never recommended.
 *
 * @param cell {@link CellResult#RNN}, {@link CellResult#GRU} or {@link CellResult#LSTM}; null when no task
 *             compares two cells
 */
public record Recommendation(String cell, String text) {
    public static final double TOLERANCE = 0.05;
    /** The cells recommended from, cheapest first by design (an RNN costs least per unit). */
    static final List<String> CELLS = List.of(CellResult.RNN, CellResult.GRU, CellResult.LSTM);

    /**
     * @param holdUp the cells within the tolerance of the best
     * @param speeds training windows per second of each cell compared
     */
    private record Finding(String sentence, List<String> holdUp, String cheapest, Map<String, Double> speeds) {
    }

    public static Recommendation of(List<CompareTask> tasks) {
        List<Finding> onUserData = tasks.stream().filter(task -> !task.longRange())
                .map(Recommendation::onTask).flatMap(Optional::stream).toList();
        List<Finding> onSweeps = sweeps(tasks).values().stream()
                .map(Recommendation::onSweep).flatMap(Optional::stream).toList();
        List<Finding> deciding = onUserData.isEmpty() ? onSweeps : onUserData;
        if (deciding.isEmpty()) {
            return new Recommendation(null, "No task has two cells' results to compare.");
        }
        String choice;
        if (deciding.size() == 1) {
            choice = deciding.get(0).cheapest();
        } else {
            Map<String, Double> speeds = deciding.get(0).speeds();
            choice = CELLS.stream().filter(cell -> deciding.stream().allMatch(f -> f.holdUp().contains(cell)))
                    .max(Comparator.comparingDouble(cell -> speeds.getOrDefault(cell, 0.0))).orElse(null);
        }
        List<String> sentences = new ArrayList<>();
        for (Finding finding : Stream.concat(onUserData.stream(), onSweeps.stream()).toList()) {
            boolean verdictHere = deciding.size() == 1 && finding == deciding.get(0);
            sentences.add(finding.sentence() + (verdictHere ? ": use the " + name(choice) + "." : "."));
        }
        if (deciding.size() > 1) {
            sentences.add(choice != null
                    ? "Overall: use the " + name(choice) + ", the cheapest cell within " + percent() + " of the best on "
                    + "every task."
                    : "Overall: use the LSTM: no cell holds up on every task.");
        }
        return new Recommendation(choice != null ? choice : CellResult.LSTM, String.join(" ", sentences));
    }

    /** The long-range tasks by family, each sorted by T. */
    static Map<String, List<CompareTask>> sweeps(List<CompareTask> tasks) {
        return tasks.stream().filter(CompareTask::longRange)
                .sorted(Comparator.comparingInt(CompareTask::sequenceLength))
                .collect(Collectors.groupingBy(CompareTask::family, LinkedHashMap::new, Collectors.toList()));
    }

    /** The largest T whose task the cell solved; 0 if none. */
    static int largestSolved(List<CompareTask> sweep, String label) {
        return sweep.stream().filter(task -> task.cell(label).map(CellResult::solved).orElse(false))
                .mapToInt(CompareTask::sequenceLength).max().orElse(0);
    }

    private static List<String> compared(CompareTask task) {
        return CELLS.stream().filter(cell -> task.cell(cell).isPresent()).toList();
    }

    private static Map<String, Double> speeds(CompareTask task, List<String> cells) {
        Map<String, Double> speeds = new LinkedHashMap<>();
        cells.forEach(cell -> speeds.put(cell, task.cell(cell).orElseThrow().trainingWindowsPerSecond()));
        return speeds;
    }

    private static Optional<Finding> onTask(CompareTask task) {
        List<String> cells = compared(task);
        if (cells.size() < 2) {
            return Optional.empty();
        }
        Map<String, Double> metric = new LinkedHashMap<>();
        cells.forEach(cell -> metric.put(cell, task.cell(cell).orElseThrow().metric()));
        Comparator<String> better = Comparator.comparingDouble(metric::get);
        String best = task.lowerIsBetter() ? cells.stream().min(better).orElseThrow()
                : cells.stream().max(better).orElseThrow();
        double top = metric.get(best);
        List<String> holdUp = cells.stream().filter(cell -> task.lowerIsBetter()
                ? metric.get(cell) <= top * (1 + TOLERANCE) : metric.get(cell) >= top * (1 - TOLERANCE)).toList();
        Map<String, Double> speeds = speeds(task, cells);
        String cheapest = holdUp.stream().max(Comparator.comparingDouble(speeds::get)).orElseThrow();
        String values = cells.stream().map(cell -> name(cell) + " " + CompareHtml.significant(metric.get(cell)))
                .collect(Collectors.joining(", "));
        String sentence = String.format(Locale.ROOT, "On %s, %s %s: the %s's is the best", task.name(), task.metric(),
                values, name(best));
        sentence += holdUp.size() == 1 ? ", and no other cell comes within " + percent()
                : cheapest.equals(best) ? ", and it trains fastest of those within " + percent()
                : String.format(Locale.ROOT, "; of those within %s the %s trains fastest, at %s the %s's speed",
                percent(), name(cheapest), times(speeds.get(cheapest) / speeds.get(best)), name(best));
        return Optional.of(new Finding(sentence, holdUp, cheapest, speeds));
    }

    private static Optional<Finding> onSweep(List<CompareTask> sweep) {
        Optional<CompareTask> longestCompared = sweep.stream().filter(task -> compared(task).size() >= 2)
                .reduce((shorter, longer) -> longer);
        if (longestCompared.isEmpty()) {
            return Optional.empty();
        }
        CompareTask longest = longestCompared.get();
        List<String> cells = compared(longest);
        Map<String, Integer> solved = new LinkedHashMap<>();
        cells.forEach(cell -> solved.put(cell, largestSolved(sweep, cell)));
        int top = solved.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> holdUp = cells.stream().filter(cell -> solved.get(cell) == top).toList();
        Map<String, Double> speeds = speeds(longest, cells);
        String cheapest = holdUp.stream().max(Comparator.comparingDouble(speeds::get)).orElseThrow();
        String lengths = sweep.stream().map(task -> String.valueOf(task.sequenceLength()))
                .collect(Collectors.joining(", "));
        String reach = cells.stream().map(cell -> name(cell) + " " + (solved.get(cell) == 0 ? "none"
                : "up to " + solved.get(cell))).collect(Collectors.joining(", "));
        String sentence = String.format(Locale.ROOT, "On the %s (T = %s), T solved: %s", sweep.get(0).family(), lengths,
                reach);
        sentence += top == 0 ? String.format(Locale.ROOT, "; with none solved, the %s is the fastest", name(cheapest))
                : holdUp.size() == 1 ? String.format(Locale.ROOT, "; only the %s solves T=%d", name(cheapest), top)
                : String.format(Locale.ROOT, "; of the cells that solve T=%d the %s trains fastest (%s the slowest's "
                        + "speed at T=%d)", top, name(cheapest), times(speeds.get(cheapest)
                        / holdUp.stream().mapToDouble(speeds::get).min().orElseThrow()), longest.sequenceLength());
        return Optional.of(new Finding(sentence, holdUp, cheapest, speeds));
    }

    private static String percent() {
        return String.format(Locale.ROOT, "%.0f%%", 100 * TOLERANCE);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1f×", ratio);
    }

    private static String name(String cell) {
        return cell.toUpperCase(Locale.ROOT);
    }
}
