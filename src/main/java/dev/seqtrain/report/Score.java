package dev.seqtrain.report;

import java.util.Locale;

/**
 * A number on a task's own metric, and which way is better: RMSE and bits per character fall as a
 * model improves, macro F1 rises. Early stopping, keep-best, the nightly gate, {@code runs} and
 * {@code compare} all judge a model by it.
 */
public record Score(String metric, double value, boolean higherIsBetter) {
    public static final String RMSE = "RMSE";
    public static final String MACRO_F1 = "macro F1";
    public static final String BITS_PER_CHARACTER = "bits/char";

    public static Score rmse(double value) {
        return new Score(RMSE, value, false);
    }

    public static Score macroF1(double value) {
        return new Score(MACRO_F1, value, true);
    }

    public static Score bitsPerCharacter(double value) {
        return new Score(BITS_PER_CHARACTER, value, false);
    }

    /** The same metric at another value. */
    public Score of(double other) {
        return new Score(metric, other, higherIsBetter);
    }

    /** Whether this is strictly better than {@code other} on the same metric. */
    public boolean beats(double other) {
        return higherIsBetter ? value > other : value < other;
    }

    /** Whether this is no worse than {@code reference} made worse by {@code tolerance}, relatively. */
    public boolean within(double reference, double tolerance) {
        return higherIsBetter ? value >= reference * (1 - tolerance) : value <= reference * (1 + tolerance);
    }

    /** What early stopping minimises: the value, or its negation for a metric that rises. */
    public double loss() {
        return higherIsBetter ? -value : value;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.4f", metric, value);
    }
}
