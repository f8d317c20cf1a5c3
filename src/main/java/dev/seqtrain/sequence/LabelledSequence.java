package dev.seqtrain.sequence;

import java.io.Serializable;

/**
 * One labelled variable-length sequence: {@code values[step][column]} in time order. A plain class:
 * Spark's Kryo cannot serialise records.
 */
public final class LabelledSequence implements Serializable {
    private final String id;
    private final double[][] values;
    private final String label;
    private final boolean training;

    public LabelledSequence(String id, double[][] values, String label, boolean training) {
        this.id = id;
        this.values = values;
        this.label = label;
        this.training = training;
    }

    public String id() {
        return id;
    }

    public double[][] values() {
        return values;
    }

    public String label() {
        return label;
    }

    public boolean training() {
        return training;
    }

    public int length() {
        return values.length;
    }

    /** Each given column's mean over the sequence's steps (missing values ignored). */
    public double[] means(int[] columns) {
        double[] means = new double[columns.length];
        for (int f = 0; f < columns.length; f++) {
            ColumnStats stats = new ColumnStats();
            for (double[] step : values) {
                stats.add(step[columns[f]]);
            }
            means[f] = stats.mean();
        }
        return means;
    }

    /** The normalised {@code [feature][step]} inputs of the given columns. */
    public float[][] inputs(int[] features, Normalizer normalizer) {
        float[][] inputs = new float[features.length][values.length];
        for (int f = 0; f < features.length; f++) {
            int c = features[f];
            double shift = normalizer.shift()[c];
            double scale = normalizer.scale()[c];
            for (int s = 0; s < values.length; s++) {
                inputs[f][s] = (float) ((values[s][c] - shift) / scale);
            }
        }
        return inputs;
    }
}
