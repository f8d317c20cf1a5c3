package dev.seqtrain.sequence;


import java.io.Serializable;
import java.util.List;

/**
 * What a forecasting window predicts. Many-to-one: after the last input step, each target column at
 * {@code horizon} steps ahead, or (multi-step) at every step from 1 to {@code horizon}. Many-to-many
 * ({@code sequence}): at every input step, each target column {@code horizon} steps later. Output
 * {@code o} is target column {@code o / aheads()} at {@code stepsAhead(o)}.
 */
public final class ForecastOutputs implements Serializable {
    private final List<String> names;
    private final int[] columns;
    private final int horizon;
    private final boolean multiStep;
    private final boolean sequence;

    /** @param columns the target columns' positions among the numeric columns */
    public ForecastOutputs(List<String> names, int[] columns, int horizon, boolean multiStep, boolean sequence) {
        if (multiStep && sequence) {
            throw new IllegalArgumentException("a many-to-many window predicts one step ahead per input step");
        }
        this.names = List.copyOf(names);
        this.columns = columns.clone();
        this.horizon = horizon;
        this.multiStep = multiStep;
        this.sequence = sequence;
    }

    /** How many steps ahead each target column is predicted at. */
    public int aheads() {
        return multiStep ? horizon : 1;
    }

    /** The outputs a job's window asks of its targets, given the numeric columns read. */
    public static ForecastOutputs of(List<String> targets, List<String> columns, WindowShape window) {
        return new ForecastOutputs(targets, targets.stream().mapToInt(columns::indexOf).toArray(), window.horizon(),
                window.multiStep(), window.sequence());
    }

    public int count() {
        return columns.length * aheads();
    }

    public int column(int output) {
        return columns[output / aheads()];
    }

    public int stepsAhead(int output) {
        return multiStep ? output % aheads() + 1 : horizon;
    }

    public String target(int output) {
        return names.get(output / aheads());
    }

    /** Every output's name, {@code target@+steps}, in output order. */
    public List<String> names() {
        return java.util.stream.IntStream.range(0, count()).mapToObj(o -> target(o) + "@+" + stepsAhead(o)).toList();
    }

    /** Whether every input step has labels (many-to-many), rather than only the last. */
    public boolean sequence() {
        return sequence;
    }

    public int horizon() {
        return horizon;
    }
}
