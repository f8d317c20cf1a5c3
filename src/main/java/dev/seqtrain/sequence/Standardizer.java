package dev.seqtrain.sequence;

import java.util.List;

/**
 * Per-column standardisation {@code (x - mean) / std}, fitted on the training rows only so no
 * statistic of the validation period leaks into training. A constant column gets std 1.
 */
public record Standardizer(List<String> columns, double[] mean, double[] std) {
    public Standardizer {
        columns = List.copyOf(columns);
        mean = mean.clone();
        std = std.clone();
    }

    /** Fits on rows {@code [from, to)} of {@code series}. */
    public static Standardizer fit(Series series, int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("no rows to fit on: [" + from + ", " + to + ")");
        }
        int width = series.columns().size();
        double[] mean = new double[width];
        double[] m2 = new double[width];
        // Welford's update: stable for long series with a large offset (e.g. pressure ~1000 hPa).
        for (int t = from; t < to; t++) {
            double n = t - from + 1;
            for (int c = 0; c < width; c++) {
                double delta = series.values()[t][c] - mean[c];
                mean[c] += delta / n;
                m2[c] += delta * (series.values()[t][c] - mean[c]);
            }
        }
        double[] std = new double[width];
        for (int c = 0; c < width; c++) {
            double s = Math.sqrt(m2[c] / (to - from));
            std[c] = s > 1e-12 ? s : 1.0;
        }
        return new Standardizer(series.columns(), mean, std);
    }

    public Series apply(Series series) {
        if (!series.columns().equals(columns)) {
            throw new IllegalArgumentException("fitted on " + columns + ", applied to " + series.columns());
        }
        double[][] out = new double[series.length()][];
        for (int t = 0; t < out.length; t++) {
            double[] row = series.values()[t];
            out[t] = new double[row.length];
            for (int c = 0; c < row.length; c++) {
                out[t][c] = (row[c] - mean[c]) / std[c];
            }
        }
        return new Series(series.source(), columns, out, series.times());
    }

    /** Maps a standardised value of {@code column} back to the original units. */
    public double invert(String column, double standardized) {
        int c = columns.indexOf(column);
        return standardized * std[c] + mean[c];
    }

    public double std(String column) {
        return std[columns.indexOf(column)];
    }

    public double mean(String column) {
        return mean[columns.indexOf(column)];
    }
}
