package dev.seqtrain.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** A growable float array: rows appended one after another. */
final class FloatRows {
    private float[] values = new float[1024];
    private int length;

    void add(float[] row) {
        if (length + row.length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, length + row.length));
        }
        System.arraycopy(row, 0, values, length, row.length);
        length += row.length;
    }

    float[] toArray() {
        return Arrays.copyOf(values, length);
    }

    /** The arrays {@code part} gives for each of {@code parts}, one after another. */
    static <T> float[] concat(List<T> parts, Function<T, float[]> part) {
        FloatRows all = new FloatRows();
        parts.forEach(p -> all.add(part.apply(p)));
        return all.toArray();
    }
}
