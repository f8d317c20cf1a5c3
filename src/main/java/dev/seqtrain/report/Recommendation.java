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
 * Which cell to use, in plain words derived from the measured numbers.
 *
 * <p>The rule: prefer the RNN on a task when its metric is within {@link #TOLERANCE} of the LSTM's
 * (relative, in the metric's direction) and it trains faster; otherwise the LSTM. On a long-range sweep
 * the RNN must solve as long a T as the LSTM, and train faster at the longest T. User-data tasks decide
 * when there are any (the sweep is then stated for context); otherwise the sweeps decide. With several
 * deciding tasks the RNN is recommended only if it holds up on all of them: the LSTM is the safe default.
 *
 * @param cell {@link CellResult#RNN} or {@link CellResult#LSTM}; null when no task has both
 */
public record Recommendation(String cell, String text) {
    public static final double TOLERANCE = 0.05;

    private record Finding(String sentence, boolean prefersRnn) {
    }

    public static Recommendation of(List<CompareTask> tasks) {
        List<Finding> onUserData = tasks.stream().filter(task -> !task.longRange())
                .map(Recommendation::onTask).flatMap(Optional::stream).toList();
        List<Finding> onSweeps = sweeps(tasks).values().stream()
                .map(Recommendation::onSweep).flatMap(Optional::stream).toList();
        List<Finding> deciding = onUserData.isEmpty() ? onSweeps : onUserData;
        if (deciding.isEmpty()) {
            return new Recommendation(null, "No task has both an RNN and an LSTM result to compare.");
        }
        boolean useRnn = deciding.stream().allMatch(Finding::prefersRnn);
        List<String> sentences = new ArrayList<>();
        for (Finding finding : Stream.concat(onUserData.stream(), onSweeps.stream()).toList()) {
            boolean verdictHere = deciding.size() == 1 && finding == deciding.get(0);
            sentences.add(finding.sentence() + (verdictHere ? ": use the " + name(finding.prefersRnn()) + "." : "."));
        }
        if (deciding.size() > 1) {
            sentences.add(useRnn
                    ? "Overall: use the RNN, which holds up on every task."
                    : "Overall: use the LSTM, since the RNN falls short on at least one task.");
        }
        return new Recommendation(useRnn ? CellResult.RNN : CellResult.LSTM, String.join(" ", sentences));
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

    private static Optional<Finding> onTask(CompareTask task) {
        Optional<CellResult> rnn = task.cell(CellResult.RNN);
        Optional<CellResult> lstm = task.cell(CellResult.LSTM);
        if (rnn.isEmpty() || lstm.isEmpty()) {
            return Optional.empty();
        }
        double r = rnn.get().metric();
        double l = lstm.get().metric();
        boolean close = task.lowerIsBetter() ? r <= l * (1 + TOLERANCE) : r >= l * (1 - TOLERANCE);
        double speed = speedRatio(rnn.get(), lstm.get());
        String comparison = task.lowerIsBetter()
                ? String.format(Locale.ROOT, "the RNN's %s is %.2f× the LSTM's", task.metric(), r / l)
                : String.format(Locale.ROOT, "the RNN reaches %.0f%% of the LSTM's %s", 100 * r / l, task.metric());
        String sentence;
        if (!close) {
            sentence = String.format(Locale.ROOT, "On %s %s, more than %.0f%% worse, at %s the training speed",
                    task.name(), comparison, 100 * TOLERANCE, times(speed));
        } else if (speed > 1) {
            sentence = String.format(Locale.ROOT, "On %s %s at %s the training speed", task.name(), comparison,
                    times(speed));
        } else {
            sentence = String.format(Locale.ROOT, "On %s %s, within %.0f%%, but at only %s the training speed",
                    task.name(), comparison, 100 * TOLERANCE, times(speed));
        }
        return Optional.of(new Finding(sentence, close && speed > 1));
    }

    private static Optional<Finding> onSweep(List<CompareTask> sweep) {
        Optional<CompareTask> longestCompared = sweep.stream()
                .filter(task -> task.cell(CellResult.RNN).isPresent() && task.cell(CellResult.LSTM).isPresent())
                .reduce((shorter, longer) -> longer);
        if (longestCompared.isEmpty()) {
            return Optional.empty();
        }
        CompareTask longest = longestCompared.get();
        double speed = speedRatio(longest.cell(CellResult.RNN).get(), longest.cell(CellResult.LSTM).get());
        int rnn = largestSolved(sweep, CellResult.RNN);
        int lstm = largestSolved(sweep, CellResult.LSTM);
        String family = sweep.get(0).family();
        String lengths = sweep.stream().map(task -> String.valueOf(task.sequenceLength()))
                .collect(Collectors.joining(", "));
        String sentence;
        if (rnn == lstm) {
            sentence = String.format(Locale.ROOT, "On the %s %s, the RNN at %s the training speed (T=%d)", family,
                    rnn == 0 ? "neither cell solves any of T = " + lengths : "both cells solve T up to " + rnn,
                    times(speed), longest.sequenceLength());
        } else {
            boolean rnnAhead = rnn > lstm;
            sentence = String.format(Locale.ROOT, "On the %s the %s solves T up to %d while the %s solves %s", family,
                    name(rnnAhead), Math.max(rnn, lstm), name(!rnnAhead),
                    Math.min(rnn, lstm) == 0 ? "none of T = " + lengths : "only up to " + Math.min(rnn, lstm));
        }
        return Optional.of(new Finding(sentence, rnn >= lstm && speed > 1));
    }

    private static double speedRatio(CellResult rnn, CellResult lstm) {
        return rnn.trainingWindowsPerSecond() / lstm.trainingWindowsPerSecond();
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1f×", ratio);
    }

    private static String name(boolean rnn) {
        return rnn ? "RNN" : "LSTM";
    }
}
