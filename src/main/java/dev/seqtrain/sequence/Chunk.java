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
        return rows(0, Math.min(n, values.length));
    }

    /** The last {@code n} rows, which the next chunk looks back into (a seasonal baseline's source). */
    public Chunk tail(int n) {
        return rows(Math.max(0, values.length - n), values.length);
    }

    private Chunk rows(int first, int end) {
        double[][] part = new double[end - first][];
        System.arraycopy(values, first, part, 0, end - first);
        String[] partTimes = null;
        if (times != null) {
            partTimes = new String[end - first];
            System.arraycopy(times, first, partTimes, 0, end - first);
        }
        return new Chunk(from + first, part, partTimes);
    }
}
