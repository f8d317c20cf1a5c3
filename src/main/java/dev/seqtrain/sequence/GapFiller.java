package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fills missing values of one chunk in place, never across series. What lies outside the chunk
 * comes as anchors: per column, the last valid value before the chunk and the first after it,
 * which the driver finds from every chunk's own first and last valid values.
 */
public final class GapFiller implements Serializable {
    private final MissingValues policy;
    private final SeriesLayout layout;

    public GapFiller(MissingValues policy, SeriesLayout layout) {
        this.policy = policy;
        this.layout = layout;
    }

    /** @return how many values were filled */
    public long fill(Chunk chunk, MissingValues.Anchor[] before, MissingValues.Anchor[] after) {
        if (!policy.fills()) {
            return 0;
        }
        int rows = chunk.rows();
        long filled = 0;
        for (int c = 0; c < before.length; c++) {
            // Nearest valid value before each row, then (for interpolation) after it.
            long[] previousRow = new long[rows];
            double[] previousValue = new double[rows];
            MissingValues.Anchor last = before[c];
            for (int i = 0; i < rows; i++) {
                previousRow[i] = last.row();
                previousValue[i] = last.value();
                if (!Double.isNaN(chunk.value(i, c))) {
                    last = new MissingValues.Anchor(chunk.from() + i, chunk.value(i, c));
                }
            }
            MissingValues.Anchor next = after[c];
            for (int i = rows - 1; i >= 0; i--) {
                if (!Double.isNaN(chunk.value(i, c))) {
                    next = new MissingValues.Anchor(chunk.from() + i, chunk.value(i, c));
                    continue;
                }
                long row = chunk.from() + i;
                int series = layout.seriesAt(row);
                boolean hasPrevious = previousRow[i] >= 0 && layout.seriesAt(previousRow[i]) == series;
                boolean hasNext = next.exists() && layout.seriesAt(next.row()) == series;
                if (policy == MissingValues.FORWARD_FILL && hasPrevious) {
                    chunk.set(i, c, previousValue[i]);
                    filled++;
                } else if (policy == MissingValues.INTERPOLATE && hasPrevious && hasNext) {
                    double weight = (double) (row - previousRow[i]) / (next.row() - previousRow[i]);
                    chunk.set(i, c, previousValue[i] + weight * (next.value() - previousValue[i]));
                    filled++;
                }
            }
        }
        return filled;
    }

    /**
     * For each chunk, in order, the anchors around it: {@code [0]} the last valid value of each
     * column before the chunk, {@code [1]} the first valid value after it.
     *
     * @param firstAndLast per chunk in order, {@link #firstValid} and {@link #lastValid} of its own rows
     */
    public static List<MissingValues.Anchor[][]> anchorsAround(List<MissingValues.Anchor[][]> firstAndLast, int columns) {
        List<MissingValues.Anchor[][]> around = new ArrayList<>();
        MissingValues.Anchor[] before = none(columns);
        for (MissingValues.Anchor[][] chunk : firstAndLast) {
            around.add(new MissingValues.Anchor[][]{before, null});
            before = newer(before, chunk[1]);
        }
        MissingValues.Anchor[] after = none(columns);
        for (int i = firstAndLast.size() - 1; i >= 0; i--) {
            around.get(i)[1] = after;
            after = newer(after, firstAndLast.get(i)[0]);
        }
        return around;
    }

    public static MissingValues.Anchor[] none(int columns) {
        MissingValues.Anchor[] anchors = new MissingValues.Anchor[columns];
        Arrays.fill(anchors, MissingValues.Anchor.NONE);
        return anchors;
    }

    /** Per column, the chunk's anchor where it has one, else the current one. */
    private static MissingValues.Anchor[] newer(MissingValues.Anchor[] current, MissingValues.Anchor[] chunk) {
        MissingValues.Anchor[] out = current.clone();
        for (int c = 0; c < out.length; c++) {
            if (chunk[c].exists()) {
                out[c] = chunk[c];
            }
        }
        return out;
    }

    /** This chunk's last valid value per column, as the anchor before the chunks after it. */
    public static MissingValues.Anchor[] lastValid(Chunk chunk, int columns) {
        MissingValues.Anchor[] anchors = new MissingValues.Anchor[columns];
        for (int c = 0; c < columns; c++) {
            anchors[c] = MissingValues.Anchor.NONE;
            for (int i = chunk.rows() - 1; i >= 0; i--) {
                if (!Double.isNaN(chunk.value(i, c))) {
                    anchors[c] = new MissingValues.Anchor(chunk.from() + i, chunk.value(i, c));
                    break;
                }
            }
        }
        return anchors;
    }

    /** This chunk's first valid value per column, as the anchor after the chunks before it. */
    public static MissingValues.Anchor[] firstValid(Chunk chunk, int columns) {
        MissingValues.Anchor[] anchors = new MissingValues.Anchor[columns];
        for (int c = 0; c < columns; c++) {
            anchors[c] = MissingValues.Anchor.NONE;
            for (int i = 0; i < chunk.rows(); i++) {
                if (!Double.isNaN(chunk.value(i, c))) {
                    anchors[c] = new MissingValues.Anchor(chunk.from() + i, chunk.value(i, c));
                    break;
                }
            }
        }
        return anchors;
    }
}
