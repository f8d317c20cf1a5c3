package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Per-column affine normalisation {@code (x - shift) / scale}, fitted on the training rows only and
 * saved with the model, so prediction applies exactly what training saw. {@code standard}: shift =
 * mean, scale = standard deviation; {@code minmax}: shift = min, scale = max - min. Missing values
 * (NaN) stay NaN. A column that is constant over the training rows, or whose statistics are not
 * finite, cannot be normalised and is refused.
 */
public record Normalizer(String method, List<String> columns, double[] shift, double[] scale) implements Serializable {
    /** {@code preprocessing.normalization}; a saved normaliser names it by {@link #key()}. */
    public enum Method {
        STANDARD, MINMAX;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Normalizer {
        columns = List.copyOf(columns);
        shift = shift.clone();
        scale = scale.clone();
    }

    /** @throws IllegalArgumentException naming the column that cannot be normalised, and why */
    public static Normalizer fit(Method method, List<String> columns, ColumnStats[] stats) {
        double[] shift = new double[stats.length];
        double[] scale = new double[stats.length];
        for (int c = 0; c < stats.length; c++) {
            String column = columns.get(c);
            if (stats[c].count() == 0) {
                throw new IllegalArgumentException("column '" + column + "' has no value in the training rows");
            }
            boolean standard = method == Method.STANDARD;
            shift[c] = standard ? stats[c].mean() : stats[c].min();
            double spread = standard ? stats[c].std() : stats[c].max() - stats[c].min();
            if (!Double.isFinite(shift[c]) || !Double.isFinite(spread)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "column '%s': its training values (from "
                        + "%g to %g) overflow the normaliser's statistics; rescale the column", column, stats[c].min(),
                        stats[c].max()));
            }
            if (!(spread > Math.abs(shift[c]) * 1e-7) || spread == 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "column '%s' is constant over the "
                        + "training rows (every value is %s): it has nothing to learn from; drop it from the job's "
                        + "columns", column, stats[c].min() == stats[c].max() ? String.valueOf(stats[c].min())
                        : "within float rounding of " + shift[c]));
            }
            scale[c] = spread;
        }
        return new Normalizer(method.key(), columns, shift, scale);
    }

    /** Maps a normalised value of {@code column} back to the original units. */
    public double invert(String column, double normalised) {
        int c = index(column);
        return normalised * scale[c] + shift[c];
    }

    /** Multiplies an error in normalised units of {@code column} into original units. */
    public double scale(String column) {
        return scale[index(column)];
    }

    public double shift(String column) {
        return shift[index(column)];
    }

    private int index(String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }
        return c;
    }
}
