package dev.seqtrain.train;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.sequence.Split;
import dev.seqtrain.sequence.Chunk;
import dev.seqtrain.sequence.ChunkWindows;
import dev.seqtrain.sequence.ColumnStats;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.GapFiller;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.PartitionPlan;
import dev.seqtrain.sequence.Segments;
import dev.seqtrain.sequence.SeriesLayout;
import dev.seqtrain.sequence.SeriesRow;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.sequence.WindowStarts;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Spark glue: the input's rows numbered in (series, time) order and cut into chunks of
 * {@code chunk-rows} consecutive rows, placed on partitions balanced by their windows. Workers fill
 * missing values and cut windows chunk by chunk; the driver holds only per-series and per-chunk
 * summaries (sizes, anchors, the first {@code span - 1} rows of each chunk), never the rows.
 */
public final class ChunkedSeries {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedSeries.class);
    private final JavaRDD<Chunk> chunks;
    private final SeriesLayout layout;
    private final WindowStarts starts;
    private final PartitionPlan plan;
    private final Map<Long, Chunk> halos;
    /** How many of a chunk's last rows the next chunk's seasonal baselines look back into; 0 without a period. */
    private final int lookback;
    private final long chunkRows;
    private final long missingValues;
    private final long filledValues;
    private final boolean sorted;

    private ChunkedSeries(JavaRDD<Chunk> chunks, SeriesLayout layout, WindowStarts starts, PartitionPlan plan,
                          Map<Long, Chunk> halos, int lookback, long chunkRows, long missingValues,
                          long filledValues, boolean sorted) {
        this.chunks = chunks;
        this.layout = layout;
        this.starts = starts;
        this.plan = plan;
        this.halos = halos;
        this.lookback = lookback;
        this.chunkRows = chunkRows;
        this.missingValues = missingValues;
        this.filledValues = filledValues;
        this.sorted = sorted;
    }

    /**
     * Numbers, chunks and fills {@code rows}. {@code partitions} is the partition count of the window
     * RDDs, which are balanced by windows of {@code balanceBy}. Rows already in time order per series
     * (checked on the workers) are numbered from per-partition counts and moved once, as primitive
     * pieces of chunks; other input is sorted first.
     *
     * @param keepTimes whether windows carry the times of the rows they forecast (predictions do;
     *                  training needs none, and moves less without them)
     */
    public static ChunkedSeries of(JavaRDD<SeriesRow> rows, JobConfig job, int partitions, WindowPart balanceBy,
                                   boolean keepTimes) {
        String source = "input.path " + Redaction.uris(job.input().path()) + ": ";
        Split split = job.split();
        boolean numericTime = job.input().numericTime();
        long seed = job.training().seed();
        boolean countCutoff = split.cutoff() != null && !split.bySeries();
        String cutoff = countCutoff ? split.cutoff() : null;
        int columns = job.input().numericColumns().size();
        boolean timed = keepTimes && job.input().timeColumn() != null;
        // The input read once, as primitive runs of rows; the driver gets their summaries.
        JavaRDD<Segments.Segment> segments = rows.mapPartitionsWithIndex((partition, partitionRows) -> Segments.read(
                partition, partitionRows, columns, timed, cutoff, numericTime).iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long started = System.nanoTime();
        Segments.Placement placement;
        try {
            placement = Segments.place(segments.map(Segments.Segment::summary).collect(), split, countCutoff, seed);
        } catch (Segments.UnusableRow e) {
            segments.unpersist(false);
            throw new InvalidInputException(e.getMessage());
        } catch (Segments.DuplicateTime e) {
            segments.unpersist(false);
            throw new InvalidInputException(source + e.getMessage());
        }
        LOG.info("read the input in {} s", seconds(started));
        SeriesLayout layout = placement != null ? placement.layout() : countedLayout(rows, split, numericTime, seed);
        if (layout.rows() == 0) {
            segments.unpersist(false);
            throw new InvalidInputException(job.input().path() + ": no data rows");
        }
        WindowStarts starts = WindowStarts.forSplit(layout, job.window(), split, seed);
        // A chunk holds at least a window and, for a seasonal baseline, a period: tails reach back one chunk.
        int lookback = job.baselines().seasonalPeriod();
        long chunkRows = PartitionPlan.chunkRows(layout.rows(), partitions, job.preprocessing().chunkRows(),
                Math.max(starts.span(), lookback));
        PartitionPlan plan = PartitionPlan.balance(chunkWindows(starts, chunkRows, balanceBy), partitions);
        Partitioner partitioner = new ChunkPartitioner(plan);
        JavaRDD<Chunk> assembled;
        if (placement != null) {
            JavaPairRDD<Long, Chunk> pieces = segments.flatMapToPair(segment -> placement.pieces(segment, chunkRows)
                    .stream().map(piece -> new Tuple2<>(piece.from() / chunkRows, piece)).iterator());
            assembled = pieces.groupByKey(partitioner).map(group -> concat(group._1() * chunkRows, group._2()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
        } else {
            segments.unpersist(false);
            LOG.info("the input is not in time order per series: sorting it");
            JavaPairRDD<Long, Tuple2<Long, SeriesRow>> numbered = rows.sortBy(row -> row, true, partitions)
                    .zipWithIndex().mapToPair(pair -> new Tuple2<>(pair._2() / chunkRows, new Tuple2<>(pair._2(), pair._1())));
            assembled = numbered.groupByKey(partitioner)
                    .map(group -> assemble(group._1() * chunkRows, group._2()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            rejectDuplicateTimes(assembled, layout, source);
        }

        int halo = starts.span() - 1;
        Map<Long, Tuple2<Long, Chunk>> edges = edges(assembled, chunkRows, halo);
        segments.unpersist(false); // the chunks are cached now
        LOG.info("numbered {} rows of {} series{} into {} chunks in {} s", layout.rows(), layout.seriesCount(),
                placement == null ? ", sorted," : " in time order", edges.size(), seconds(started));
        long missing = edges.values().stream().mapToLong(Tuple2::_1).sum();
        long filled = 0;
        JavaRDD<Chunk> chunks = assembled;
        MissingValues policy = job.preprocessing().missingValues();
        if (policy.fills() && missing > 0) {
            Map<Long, MissingValues.Anchor[][]> anchors = anchors(assembled, columns, chunkRows);
            GapFiller filler = new GapFiller(policy, layout);
            chunks = assembled.map(cached -> {
                Chunk chunk = cached.slice(0, cached.rows()); // the cached chunk stays as read
                MissingValues.Anchor[][] around = anchors.get(chunk.from() / chunkRows);
                filler.fill(chunk, around[0], around[1]);
                return chunk;
            }).persist(StorageLevel.MEMORY_AND_DISK());
            edges = edges(chunks, chunkRows, halo);
            filled = missing - edges.values().stream().mapToLong(Tuple2::_1).sum();
            assembled.unpersist(false);
        }
        Map<Long, Chunk> halos = new HashMap<>();
        edges.forEach((index, edge) -> halos.put(index, edge._2()));
        return new ChunkedSeries(chunks, layout, starts, plan, halos, lookback, chunkRows, missing, filled,
                placement == null);
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    /** Per chunk, in one pass: its missing values and its first {@code halo} rows. */
    private static Map<Long, Tuple2<Long, Chunk>> edges(JavaRDD<Chunk> chunks, long chunkRows, int halo) {
        return new HashMap<>(chunks.mapToPair(chunk -> new Tuple2<>(chunk.from() / chunkRows,
                new Tuple2<>(countMissing(chunk), chunk.head(halo)))).collectAsMap());
    }

    private static Chunk concat(long from, Iterable<Chunk> pieces) {
        List<Chunk> sorted = new ArrayList<>();
        pieces.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a.from(), b.from()));
        return Chunk.concat(from, sorted);
    }

    /** The layout of rows that are not in order, from counts by series (and before the cutoff). */
    private static SeriesLayout countedLayout(JavaRDD<SeriesRow> rows, Split split, boolean numericTime, long seed) {
        Map<String, Long> counts = new TreeMap<>(rows.map(SeriesRow::series).countByValue());
        String[] ids = counts.keySet().toArray(String[]::new);
        long[] lengths = counts.values().stream().mapToLong(Long::longValue).toArray();
        long[] beforeCutoff = null;
        if (split.cutoff() != null && !split.bySeries()) {
            String cutoff = split.cutoff();
            Map<String, Long> before = rows.filter(row -> row.isBefore(cutoff, numericTime))
                    .map(SeriesRow::series).countByValue();
            beforeCutoff = Arrays.stream(ids).mapToLong(id -> before.getOrDefault(id, 0L)).toArray();
        }
        return SeriesLayout.forSplit(split, ids, lengths, beforeCutoff, seed);
    }

    /** Windows of {@code part} starting in each chunk: what the partitions are balanced by. */
    private static long[] chunkWindows(WindowStarts starts, long chunkRows, WindowPart part) {
        long total = starts.layout().rows();
        long[] windows = new long[(int) ((total + chunkRows - 1) / chunkRows)];
        for (int c = 0; c < windows.length; c++) {
            windows[c] = starts.count(c * chunkRows, Math.min(total, (c + 1) * chunkRows), part);
        }
        return windows;
    }

    private static Chunk assemble(long from, Iterable<Tuple2<Long, SeriesRow>> numberedRows) {
        List<Tuple2<Long, SeriesRow>> sorted = new ArrayList<>();
        numberedRows.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a._1(), b._1()));
        double[][] values = new double[sorted.size()][];
        String[] times = new String[sorted.size()];
        boolean anyTime = false;
        for (int i = 0; i < values.length; i++) {
            SeriesRow row = sorted.get(i)._2();
            values[i] = row.values();
            times[i] = row.timeText();
            anyTime |= times[i] != null;
        }
        return new Chunk(from, values, anyTime ? times : null);
    }

    /**
     * Two rows of one series at the same time have no order; a window over them would be arbitrary.
     * Workers check inside their chunks; the driver checks where chunks meet, from each chunk's first
     * and last time.
     */
    private static void rejectDuplicateTimes(JavaRDD<Chunk> chunks, SeriesLayout layout, String source) {
        List<Tuple2<Long, String[]>> edges = new ArrayList<>(chunks.map(chunk -> {
            if (!chunk.timed() || chunk.rows() == 0) {
                return new Tuple2<>(chunk.from(), new String[3]);
            }
            String inside = null;
            for (int i = 1; i < chunk.rows() && inside == null; i++) {
                if (chunk.time(i).equals(chunk.time(i - 1)) && sameSeries(layout, chunk.from() + i)) {
                    inside = duplicate(layout, chunk.from() + i, chunk.time(i));
                }
            }
            return new Tuple2<>(chunk.from(), new String[]{chunk.time(0), chunk.time(chunk.rows() - 1), inside});
        }).collect());
        edges.sort((x, y) -> Long.compare(x._1(), y._1()));
        for (int i = 0; i < edges.size(); i++) {
            String inside = edges.get(i)._2()[2];
            if (inside != null) {
                throw new InvalidInputException(source + inside);
            }
            if (i > 0) {
                long first = edges.get(i)._1();
                String last = edges.get(i - 1)._2()[1];
                if (last != null && last.equals(edges.get(i)._2()[0]) && sameSeries(layout, first)) {
                    throw new InvalidInputException(source + duplicate(layout, first, last));
                }
            }
        }
    }

    private static boolean sameSeries(SeriesLayout layout, long row) {
        return layout.seriesAt(row) == layout.seriesAt(row - 1);
    }

    private static String duplicate(SeriesLayout layout, long row, String time) {
        return Segments.DuplicateTime.description(layout.id(layout.seriesAt(row)), time);
    }

    private static long countMissing(Chunk chunk) {
        long missing = 0;
        for (double value : chunk.values()) {
            if (Double.isNaN(value)) {
                missing++;
            }
        }
        return missing;
    }

    /** For each chunk, the last valid value of each column before it and the first after it. */
    private static Map<Long, MissingValues.Anchor[][]> anchors(JavaRDD<Chunk> chunks, int columns, long chunkRows) {
        Map<Long, MissingValues.Anchor[][]> own = new TreeMap<>(chunks.mapToPair(chunk -> new Tuple2<>(
                chunk.from() / chunkRows,
                new MissingValues.Anchor[][]{GapFiller.firstValid(chunk, columns), GapFiller.lastValid(chunk, columns)}))
                .collectAsMap());
        List<MissingValues.Anchor[][]> around = GapFiller.anchorsAround(new ArrayList<>(own.values()), columns);
        Map<Long, MissingValues.Anchor[][]> byChunk = new HashMap<>();
        int i = 0;
        for (Long chunk : own.keySet()) {
            byChunk.put(chunk, around.get(i++));
        }
        return byChunk;
    }

    /** Statistics of every column over the training rows, gathered on the workers. */
    public Normalizer fitNormalizer(Normalizer.Method method, List<String> columns) {
        SeriesLayout layout = this.layout;
        int width = columns.size();
        ColumnStats[] stats = chunks.aggregate(ColumnStats.empty(width), (acc, chunk) -> {
            // Series by series: the chunk's training rows of a series are consecutive.
            for (long row = chunk.from(); row < chunk.to(); ) {
                int s = layout.seriesAt(row);
                long trainingEnd = Math.min(chunk.to(), layout.start(s) + layout.trainRows(s));
                for (; row < trainingEnd; row++) {
                    ColumnStats.addRow(acc, chunk.values(), (int) (row - chunk.from()) * chunk.columns());
                }
                row = Math.min(chunk.to(), layout.end(s));
            }
            return acc;
        }, ColumnStats::merge);
        return Normalizer.fit(method, columns, stats);
    }

    /**
     * The windows of {@code part}, cut on the workers: one RDD partition per planned partition, in
     * (series, start) order. Map them on at once; {@link ForecastWindow} is not for caching.
     */
    public JavaRDD<ForecastWindow> windows(ChunkWindows cutter, WindowPart part) {
        Map<Long, Chunk> halos = this.halos;
        long chunkRows = this.chunkRows;
        int lookback = this.lookback;
        Chunk empty = Chunk.empty(layout.rows());
        FlatMapFunction2<Iterator<Chunk>, Map<Long, Chunk>, ForecastWindow> cut = (partition, tails) -> {
            List<Chunk> ordered = new ArrayList<>();
            partition.forEachRemaining(ordered::add);
            ordered.sort((a, b) -> Long.compare(a.from(), b.from()));
            ChunkWindows.Skipped skipped = new ChunkWindows.Skipped();
            // One chunk's windows at a time, so a partition's windows are never all in memory at once.
            return ordered.stream().flatMap(chunk -> {
                List<ForecastWindow> windows = new ArrayList<>();
                long index = chunk.from() / chunkRows;
                Chunk none = Chunk.empty(chunk.from());
                cutter.cut(tails.getOrDefault(index, none), chunk, halos.getOrDefault(index + 1, empty), part,
                        windows::add, skipped);
                return windows.stream();
            }).iterator();
        };
        if (lookback == 0) {
            return chunks.mapPartitions(partition -> cut.call(partition, Map.of()), true);
        }
        // Each chunk's last rows go to the partition of the chunk after it, on the workers: with a long
        // seasonal period they are too many to gather on the driver.
        JavaPairRDD<Long, Chunk> tailsOfPrevious = chunks.mapToPair(chunk -> new Tuple2<>(
                chunk.from() / chunkRows + 1, chunk.tail(lookback))).partitionBy(new ChunkPartitioner(plan));
        return chunks.zipPartitions(tailsOfPrevious, (partition, tailsHere) -> {
            Map<Long, Chunk> tails = new HashMap<>();
            tailsHere.forEachRemaining(tail -> tails.put(tail._1(), tail._2()));
            return cut.call(partition, tails);
        });
    }

    /** Series too short for one window (inputs and target): they give no window and are counted here. */
    public long shortSeries() {
        long count = 0;
        for (int s = 0; s < layout.seriesCount(); s++) {
            if (layout.length(s) < starts.span()) {
                count++;
            }
        }
        return count;
    }

    /** Windows of {@code part} the layout allows, before any is skipped for a missing value. */
    public long possibleWindows(WindowPart part) {
        return starts.count(0, layout.rows(), part);
    }

    public SeriesLayout layout() {
        return layout;
    }

    public WindowStarts starts() {
        return starts;
    }

    public PartitionPlan plan() {
        return plan;
    }

    public long missingValues() {
        return missingValues;
    }

    public long filledValues() {
        return filledValues;
    }

    /** Whether the rows had to be sorted (they were not in time order per series). */
    public boolean sorted() {
        return sorted;
    }

    /**
     * Bytes of state the driver keeps for these rows, serialised: the series layout, the partition
     * plan and each chunk's halo. It grows with series and chunks, never with rows per chunk.
     */
    public long driverStateBytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(layout);
            out.writeObject(plan);
            out.writeObject(new HashMap<>(halos));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.size();
    }

    public void release() {
        chunks.unpersist(false);
    }

    /** Sends each chunk to its planned partition. */
    private static final class ChunkPartitioner extends Partitioner {
        private final PartitionPlan plan;

        ChunkPartitioner(PartitionPlan plan) {
            this.plan = plan;
        }

        @Override
        public int numPartitions() {
            return plan.partitions();
        }

        @Override
        public int getPartition(Object chunk) {
            return plan.partitionOf((Long) chunk);
        }
    }
}
