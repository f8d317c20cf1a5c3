package dev.seqtrain.sequence;

import java.util.List;

/**
 * A multivariate series held in memory: {@code values[t][c]} is column {@code c} at step {@code t},
 * rows in time order.
 *
 * @param source where it was read from, for messages
 * @param times  the time column's text for each row, or null when the job names no time column
 */
public record Series(String source, List<String> columns, double[][] values, String[] times) {
    public Series {
        columns = List.copyOf(columns);
    }

    public Series(String source, List<String> columns, double[][] values) {
        this(source, columns, values, null);
    }

    public int length() {
        return values.length;
    }

    public int column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(source + ": no column '" + name + "' in " + columns);
        }
        return index;
    }
}
