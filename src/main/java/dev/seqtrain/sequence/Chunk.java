package dev.seqtrain.sequence;

import java.io.Serializable;

/**
 * Consecutive rows {@code [from, from + values.length)} of the numbered rows of all series: the unit
 * the workers fill, normalise and cut windows from. A plain class: Spark's Kryo cannot serialise records.
 */
public final class Chunk implements Serializable {
    private final long from;
    private final double[][] values;
    private final String[] times;

    /** @param times each row's time text, or null when the job names no time column */
    public Chunk(long from, double[][] values, String[] times) {
        this.from = from;
        this.values = values;
        this.times = times;
    }

    public long from() {
        return from;
    }

    public long to() {
        return from + values.length;
    }

    public int rows() {
        return values.length;
    }

    public double[][] values() {
        return values;
    }

    public String[] times() {
        return times;
    }

    /** The first {@code n} rows, which the previous chunk borrows to finish its last windows. */
    public Chunk head(int n) {
        int rows = Math.min(n, values.length);
        double[][] headValues = new double[rows][];
        System.arraycopy(values, 0, headValues, 0, rows);
        String[] headTimes = null;
        if (times != null) {
            headTimes = new String[rows];
            System.arraycopy(times, 0, headTimes, 0, rows);
        }
        return new Chunk(from, headValues, headTimes);
    }
}
