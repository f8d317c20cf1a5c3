package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Numbering rows without sorting them, when the input is already in time order per series (files
 * written by time, as loggers and exports write them). Each partition's rows are grouped by series
 * in the order they arrive, into segments: runs of one series' rows from one file, in time order.
 * The driver sees only the segments' summaries (row counts, first and last rows) and, when every
 * series' segments follow one another without overlapping, places each at its rows' numbers: the
 * layout's series start plus the rows of the series' earlier segments. Otherwise the rows must be
 * sorted.
 */
public final class Segments {
    private Segments() {
    }

    /** What the driver learns of a segment. A plain class: Kryo cannot serialise records. */
    public static final class Summary implements Serializable {
        private final int partition;
        private final int index;
        private final String series;
        private int file;
        private long rows;
        private long beforeCutoff;
        /** The run's first and last rows: their times bound the run's. */
        private SeriesRow first;
        private SeriesRow last;
        private boolean ordered = true;
        /** The time of the first two consecutive rows at the same time, or null. */
        private String duplicate;
        /** Why a row of the partition cannot be used, or null. */
        private String problem;

        Summary(int partition, int index, String series) {
            this.partition = partition;
            this.index = index;
            this.series = series;
        }

        /** The key a segment is placed by: its partition and its rank of arrival there. */
        public long key() {
            return Segments.key(partition, index);
        }

        public long rows() {
            return rows;
        }

        public String series() {
            return series;
        }

        public boolean ordered() {
            return ordered;
        }

        /** How the segment's last row compares in time with {@code row}: above 0 when the row is earlier. */
        private int before(SeriesRow row) {
            return rows == 0 ? -1 : compare(last, row);
        }

        private void add(SeriesRow row, String cutoff, boolean numericTime) {
            if (rows == 0) {
                file = row.file();
                first = row;
            } else if (duplicate == null && before(row) == 0 && row.timeText() != null) {
                duplicate = row.timeText();
            }
            last = row;
            if (cutoff != null && row.isBefore(cutoff, numericTime)) {
                beforeCutoff++;
            }
            rows++;
        }
    }

    /**
     * A run of one series' rows from one file of a partition, in time order, and its summary. A plain
     * class: Kryo cannot serialise records.
     */
    public static final class Segment implements Serializable {
        private final Summary summary;
        private final Chunk rows;

        Segment(Summary summary, Chunk rows) {
            this.summary = summary;
            this.rows = rows;
        }

        public Summary summary() {
            return summary;
        }

        /** The rows, numbered from 0; null in the segment that says a partition is not in order. */
        public Chunk rows() {
            return rows;
        }
    }

    /** A row that cannot be used (see {@link SeriesRow#problem()}). */
    public static final class UnusableRow extends RuntimeException {
        UnusableRow(String problem) {
            super(problem);
        }
    }

    /** Two rows of one series at the same time: which comes first is unknown. */
    public static final class DuplicateTime extends RuntimeException {
        DuplicateTime(String series, String time) {
            super(description(series, time));
        }

        public static String description(String series, String time) {
            return (series.isEmpty() ? "the series" : "series '" + series + "'") + " has two rows at time " + time
                    + " (one row per time: which comes first is unknown)";
        }
    }

    /**
     * The driver holds a summary per run: a partition whose series break into runs of fewer rows than
     * this on average is taken as not in order.
     */
    static final int RUN_ROWS = 64;

    /**
     * A partition's segments, in the order they start: each series' rows in the order they arrive,
     * cut into runs in time order and where the file changes (a partition may hold several files of a
     * series, in any order); {@code columns} values per row, the time texts kept when {@code timed}.
     * A partition whose runs are too short to be worth placing (see {@link #RUN_ROWS}) is not in order,
     * and one with an unusable row fails: its one segment, without rows, says so.
     *
     * @param cutoff the split's cutoff when rows before it are counted, else null
     */
    public static List<Segment> read(int partition, Iterator<SeriesRow> rows, int columns, boolean timed,
                                     String cutoff, boolean numericTime) {
        List<Builder> segments = new ArrayList<>();
        Map<String, Builder> current = new HashMap<>();
        Builder last = null;
        Summary unordered = null;
        long seen = 0;
        while (rows.hasNext()) {
            SeriesRow row = rows.next();
            if (row.problem() != null) { // the run fails: no need to read on
                Summary unusable = new Summary(partition, 0, row.series());
                unusable.problem = row.problem();
                return List.of(new Segment(unusable, null));
            }
            seen++;
            if (unordered != null) { // read on only for unusable rows
                continue;
            }
            if (last == null || !last.summary.series.equals(row.series())) {
                last = current.get(row.series());
            }
            if (last == null || last.summary.file != row.file() || last.summary.before(row) > 0) {
                // Runs beyond one per series, when they average under RUN_ROWS rows: rows in no order.
                if (segments.size() - current.size() > RUN_ROWS + seen / RUN_ROWS) {
                    unordered = new Summary(partition, 0, row.series());
                    unordered.ordered = false;
                    segments.clear();
                    continue;
                }
                last = new Builder(new Summary(partition, segments.size(), row.series()), columns, timed);
                segments.add(last);
                current.put(row.series(), last);
            }
            last.summary.add(row, cutoff, numericTime);
            last.add(row);
        }
        if (unordered != null) {
            return List.of(new Segment(unordered, null));
        }
        return segments.stream().map(Builder::build).toList();
    }

    /** Where each segment's first row is numbered, and the layout of the series. */
    public record Placement(SeriesLayout layout, Map<Long, Long> starts) implements Serializable {
        /**
         * The rows of {@code segment}, starting at row {@code starts.get(key)}, cut where chunks of
         * {@code chunkRows} rows begin: each piece belongs to one chunk.
         */
        public List<Chunk> pieces(Segment segment, long chunkRows) {
            long start = starts.get(segment.summary().key());
            List<Chunk> pieces = new ArrayList<>();
            int first = 0;
            int rows = segment.rows().rows();
            while (first < rows) {
                long global = start + first;
                int end = (int) Math.min(rows, first + (chunkRows - global % chunkRows));
                pieces.add(segment.rows().slice(first, end).at(global));
                first = end;
            }
            return pieces;
        }
    }

    /**
     * Places every segment when each series' segments are in time order inside and follow one another
     * without overlapping; null when they do not (the rows must be sorted).
     *
     * @param rowsBeforeCutoff whether the split counts rows before its cutoff
     * @throws UnusableRow   when a row cannot be used (the first of them, by partition)
     * @throws DuplicateTime when two rows of a series are at the same time
     */
    public static Placement place(List<Summary> summaries, Split split, boolean rowsBeforeCutoff, long seed) {
        for (Summary summary : summaries) {
            if (summary.problem != null) {
                throw new UnusableRow(summary.problem);
            }
        }
        Map<String, List<Summary>> bySeries = new TreeMap<>();
        for (Summary summary : summaries) {
            if (summary.duplicate != null) {
                throw new DuplicateTime(summary.series, summary.duplicate);
            }
            bySeries.computeIfAbsent(summary.series, id -> new ArrayList<>()).add(summary);
        }
        if (!summaries.stream().allMatch(Summary::ordered)) {
            return null;
        }
        boolean inOrder = true;
        String[] ids = bySeries.keySet().toArray(String[]::new);
        long[] lengths = new long[ids.length];
        long[] beforeCutoff = rowsBeforeCutoff ? new long[ids.length] : null;
        for (int s = 0; s < ids.length; s++) {
            List<Summary> segments = bySeries.get(ids[s]);
            segments.sort((x, y) -> compare(x.first, y.first));
            for (int i = 0; i < segments.size(); i++) {
                Summary segment = segments.get(i);
                lengths[s] += segment.rows;
                if (beforeCutoff != null) {
                    beforeCutoff[s] += segment.beforeCutoff;
                }
                if (i > 0) {
                    Summary previous = segments.get(i - 1);
                    int order = compare(previous.last, segment.first);
                    if (order == 0 && segment.first.timeText() != null) {
                        throw new DuplicateTime(ids[s], segment.first.timeText());
                    }
                    inOrder &= order < 0;
                }
            }
        }
        if (!inOrder) {
            return null;
        }
        SeriesLayout layout = SeriesLayout.forSplit(split, ids, lengths, beforeCutoff, seed);
        Map<Long, Long> starts = new HashMap<>();
        for (int s = 0; s < ids.length; s++) {
            long next = layout.start(s);
            for (Summary segment : bySeries.get(ids[s])) {
                starts.put(segment.key(), next);
                next += segment.rows;
            }
        }
        return new Placement(layout, starts);
    }

    static long key(int partition, int index) {
        return ((long) partition << 32) | index;
    }

    /** Time order as {@link SeriesRow} sorts: the number, then the text (none first), written only on a tie. */
    private static int compare(SeriesRow row, SeriesRow other) {
        int order = Double.compare(row.timeNumber(), other.timeNumber());
        if (order != 0) {
            return order;
        }
        String text = row.timeText();
        String otherText = other.timeText();
        if (text == null || otherText == null) {
            return text == null ? (otherText == null ? 0 : -1) : 1;
        }
        return text.compareTo(otherText);
    }

    /** A segment's rows as they arrive, in growing primitive arrays. */
    private static final class Builder {
        private final Summary summary;
        private final int columns;
        private final Texts.Builder times;
        private double[] values;
        private int rows;

        Builder(Summary summary, int columns, boolean timed) {
            this.summary = summary;
            this.columns = columns;
            this.times = timed ? new Texts.Builder() : null;
            this.values = new double[16 * Math.max(1, columns)];
        }

        void add(SeriesRow row) {
            if ((rows + 1) * columns > values.length) {
                values = Arrays.copyOf(values, 2 * values.length);
            }
            System.arraycopy(row.values(), 0, values, rows * columns, columns);
            if (times != null) {
                times.add(row.timeText() == null ? "" : row.timeText());
            }
            rows++;
        }

        Segment build() {
            return new Segment(summary, new Chunk(0, columns, Arrays.copyOf(values, rows * columns),
                    times == null ? null : times.build()));
        }
    }
}
