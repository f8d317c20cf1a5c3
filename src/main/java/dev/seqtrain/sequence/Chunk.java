package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.List;

/**
 * Consecutive rows {@code [from, from + rows)} of the numbered rows of all series: the unit the
 * workers fill, normalise and cut windows from. Stored as columns of primitives (the values row-major
 * in one array, the time texts packed in one), so a chunk moves and caches as a few arrays, never as
 * an object per row. A plain class: Spark's Kryo cannot serialise records.
 */
public final class Chunk implements Serializable {
    private final long from;
    private final int columns;
    private final double[] values;
    private final Texts times;

    /** @param times each row's time text, or null when the job names no time column */
    public Chunk(long from, double[][] rows, String[] times) {
        this(from, rows.length == 0 ? 0 : rows[0].length, flatten(rows), times == null ? null : Texts.of(times));
    }

    /**
     * @param values row-major, {@code columns} per row
     * @param times  each row's time text, or null when the job names no time column
     */
    public Chunk(long from, int columns, double[] values, Texts times) {
        this.from = from;
        this.columns = columns;
        this.values = values;
        this.times = times;
    }

    /** An empty chunk at {@code from}: what lies before the first chunk or after the last. */
    public static Chunk empty(long from) {
        return new Chunk(from, 0, new double[0], null);
    }

    /** Pieces of consecutive rows, in order, as one chunk. */
    public static Chunk concat(long from, List<Chunk> pieces) {
        if (pieces.size() == 1 && pieces.get(0).from == from) {
            return pieces.get(0);
        }
        int columns = pieces.stream().mapToInt(Chunk::columns).max().orElse(0);
        double[] values = new double[pieces.stream().mapToInt(Chunk::rows).sum() * columns];
        int at = 0;
        for (Chunk piece : pieces) {
            System.arraycopy(piece.values, 0, values, at, piece.values.length);
            at += piece.values.length;
        }
        boolean timed = pieces.stream().anyMatch(piece -> piece.times != null);
        return new Chunk(from, columns, values,
                timed ? Texts.concat(pieces.stream().map(piece -> piece.times).toList()) : null);
    }

    private static double[] flatten(double[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return flat;
    }

    public long from() {
        return from;
    }

    public long to() {
        return from + rows();
    }

    public int rows() {
        return columns == 0 ? 0 : values.length / columns;
    }

    public int columns() {
        return columns;
    }

    /** The values, row-major: row {@code i}, column {@code c} is at {@code i * columns() + c}. */
    public double[] values() {
        return values;
    }

    public double value(int row, int column) {
        return values[row * columns + column];
    }

    /** Sets a value in place (filling a gap). */
    public void set(int row, int column, double value) {
        values[row * columns + column] = value;
    }

    /** A copy of row {@code i}'s values. */
    public double[] row(int i) {
        double[] row = new double[columns];
        System.arraycopy(values, i * columns, row, 0, columns);
        return row;
    }

    public boolean timed() {
        return times != null;
    }

    /** Row {@code i}'s time text, or null without a time column. */
    public String time(int i) {
        return times == null ? null : times.get(i);
    }

    /** The first {@code n} rows, which the previous chunk borrows to finish its last windows. */
    public Chunk head(int n) {
        return slice(0, Math.min(n, rows()));
    }

    /** The last {@code n} rows, which the next chunk looks back into (a seasonal baseline's source). */
    public Chunk tail(int n) {
        return slice(Math.max(0, rows() - n), rows());
    }

    /** The same rows, numbered from {@code row}. */
    public Chunk at(long row) {
        return new Chunk(row, columns, values, times);
    }

    /** Rows {@code [first, end)}, copied. */
    public Chunk slice(int first, int end) {
        double[] part = new double[(end - first) * columns];
        System.arraycopy(values, first * columns, part, 0, part.length);
        return new Chunk(from + first, columns, part, times == null ? null : times.slice(first, end));
    }
}
