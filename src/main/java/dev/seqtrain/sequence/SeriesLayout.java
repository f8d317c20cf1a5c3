package dev.seqtrain.sequence;


import java.io.Serializable;
import java.util.Arrays;

/**
 * Where each series lies once all rows are sorted by (series, time) and numbered 0..n-1: series
 * {@code s} holds rows {@code [start(s), start(s) + length(s))}, of which the first
 * {@code trainRows(s)} train and, after {@code gap} rows, the rest validate. One entry per series,
 * never per row, so the driver can hold it for any series length.
 */
public final class SeriesLayout implements Serializable {
    private final String[] ids;
    private final long[] starts;
    private final long[] lengths;
    private final long[] trainRows;
    private final long gap;

    public SeriesLayout(String[] ids, long[] lengths, long[] trainRows, long gap) {
        if (ids.length != lengths.length || ids.length != trainRows.length) {
            throw new IllegalArgumentException("one id, length and training row count per series");
        }
        this.ids = ids.clone();
        this.lengths = lengths.clone();
        this.trainRows = trainRows.clone();
        this.gap = gap;
        this.starts = new long[ids.length];
        for (int s = 1; s < ids.length; s++) {
            starts[s] = starts[s - 1] + lengths[s - 1];
        }
    }

    /**
     * The layout a job's split asks for.
     *
     * @param rowsBeforeCutoff per series, rows before {@code split.cutoff}; null when the split has none
     */
    public static SeriesLayout forSplit(Split split, String[] ids, long[] lengths, long[] rowsBeforeCutoff,
                                        long seed) {
        if (split.bySeries()) {
            return bySeries(ids, lengths, split.validationFraction(), seed);
        }
        if (split.randomWindows()) {
            // Every row feeds some training window, so every row may fit the normaliser.
            return new SeriesLayout(ids, lengths, lengths, 0);
        }
        if (split.cutoff() != null) {
            return new SeriesLayout(ids, lengths, rowsBeforeCutoff, split.gap());
        }
        return byFraction(ids, lengths, split.validationFraction(), split.gap());
    }

    /** Each series split in time: the first {@code 1 - validationFraction} of it trains. */
    public static SeriesLayout byFraction(String[] ids, long[] lengths, double validationFraction, long gap) {
        long[] train = new long[lengths.length];
        for (int s = 0; s < lengths.length; s++) {
            train[s] = Math.round(lengths[s] * (1.0 - validationFraction));
        }
        return new SeriesLayout(ids, lengths, train, gap);
    }

    /**
     * Whole series held out: each series validates when a hash of its id and the seed falls in the
     * validation fraction, so the choice is stable across runs and data sizes.
     */
    public static SeriesLayout bySeries(String[] ids, long[] lengths, double validationFraction, long seed) {
        long[] train = new long[lengths.length];
        for (int s = 0; s < lengths.length; s++) {
            long hash = (ids[s].hashCode() * 0x9E3779B97F4A7C15L) ^ seed;
            hash ^= hash >>> 31;
            boolean validates = Math.floorMod(hash, 10_000L) < Math.round(validationFraction * 10_000);
            train[s] = validates ? 0 : lengths[s];
        }
        return new SeriesLayout(ids, lengths, train, 0);
    }

    public int seriesCount() {
        return ids.length;
    }

    public long rows() {
        return ids.length == 0 ? 0 : starts[ids.length - 1] + lengths[ids.length - 1];
    }

    public String id(int s) {
        return ids[s];
    }

    public long start(int s) {
        return starts[s];
    }

    public long length(int s) {
        return lengths[s];
    }

    public long end(int s) {
        return starts[s] + lengths[s];
    }

    public long trainRows(int s) {
        return trainRows[s];
    }

    /** First row of the validation part of series {@code s}. */
    public long validationStart(int s) {
        return Math.min(end(s), starts[s] + trainRows[s] + gap);
    }

    /** Whether row {@code index} is one the normaliser may be fitted on. */
    public boolean isTrainingRow(long index) {
        int s = seriesAt(index);
        return index < starts[s] + trainRows[s];
    }

    /** The series holding row {@code index}. */
    public int seriesAt(long index) {
        int found = Arrays.binarySearch(starts, index);
        if (found >= 0) {
            // Empty series share a start with the next one; the row belongs to the non-empty one.
            while (found + 1 < starts.length && starts[found + 1] == index) {
                found++;
            }
            return found;
        }
        return -found - 2;
    }
}
