package dev.seqtrain.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** A growable int array: rows appended one after another. */
final class IntRows {
    private int[] values = new int[1024];
    private int length;

    void add(int... row) {
        if (length + row.length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, length + row.length));
        }
        System.arraycopy(row, 0, values, length, row.length);
        length += row.length;
    }

    int[] toArray() {
        return Arrays.copyOf(values, length);
    }

    /** The arrays {@code part} gives for each of {@code parts}, one after another. */
    static <T> int[] concat(List<T> parts, Function<T, int[]> part) {
        IntRows all = new IntRows();
        parts.forEach(p -> all.add(part.apply(p)));
        return all.toArray();
    }
}
