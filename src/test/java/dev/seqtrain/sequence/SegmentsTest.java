package dev.seqtrain.sequence;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentsTest {
    private static final Split SPLIT = new Split(Split.Method.TIME, 0.25, null, 0);

    /**
     * Series written in time order, cut into files (blocks of consecutive rows) that partitions hold in
     * any order and interleave by series: numbering by placement gives every row the number sorting
     * gives it.
     */
    @Property(tries = 200)
    void placedRowsAreNumberedAsSortingNumbersThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int chunkRows) {
        Random random = new Random(seed);
        List<SeriesRow> all = new ArrayList<>();
        List<List<SeriesRow>> files = new ArrayList<>();
        int seriesCount = 1 + random.nextInt(4);
        for (int s = 0; s < seriesCount; s++) {
            List<SeriesRow> file = new ArrayList<>();
            int length = random.nextInt(30);
            for (int t = 0; t < length; t++) {
                SeriesRow row = row("s" + s, 10 * t + random.nextInt(10), random.nextDouble());
                all.add(row);
                file.add(row);
                if (random.nextInt(6) == 0) {
                    files.add(file);
                    file = new ArrayList<>();
                }
            }
            files.add(file);
        }
        List<List<SeriesRow>> partitions = partitions(files, random);
        List<Segments.Summary> summaries = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            summaries.addAll(summarise(p, partitions.get(p), null));
        }
        Segments.Placement placement = Segments.place(summaries, SPLIT, false, 0);
        assertNotNull(placement, "rows in time order per file are placed without sorting");

        TreeMap<Long, List<Chunk>> chunks = new TreeMap<>();
        for (int p = 0; p < partitions.size(); p++) {
            for (Segments.Segment segment : Segments.read(p, partitions.get(p).iterator(), 1, true, null, true)) {
                for (Chunk piece : placement.pieces(segment, chunkRows)) {
                    assertEquals(piece.from() / chunkRows, (piece.to() - 1) / chunkRows, "a piece lies in one chunk");
                    chunks.computeIfAbsent(piece.from() / chunkRows, c -> new ArrayList<>()).add(piece);
                }
            }
        }
        all.sort(Comparator.naturalOrder());
        int row = 0;
        for (var entry : chunks.entrySet()) {
            List<Chunk> pieces = entry.getValue();
            pieces.sort(Comparator.comparingLong(Chunk::from));
            Chunk chunk = Chunk.concat(entry.getKey() * chunkRows, pieces);
            assertEquals(row, chunk.from(), "chunks follow one another");
            for (int i = 0; i < chunk.rows(); i++, row++) {
                assertArrayEquals(all.get(row).values(), chunk.row(i));
                assertEquals(all.get(row).timeText(), chunk.time(i));
            }
        }
        assertEquals(all.size(), row);
        SeriesLayout layout = placement.layout();
        assertEquals(all.size(), layout.rows());
        for (int s = 0; s < layout.seriesCount(); s++) {
            String id = layout.id(s);
            assertEquals(all.stream().filter(r -> r.series().equals(id)).count(), layout.length(s));
            assertEquals(all.get((int) layout.start(s)).series(), id);
        }
    }

    @Test
    void overlappingFilesAndShuffledRowsAreLeftToSorting() {
        List<SeriesRow> first = List.of(row("a", 1, 0), row("a", 3, 0));
        List<SeriesRow> second = List.of(row("a", 2, 0), row("a", 4, 0));
        assertNull(place(first, second), "two files of one series whose times interleave");

        List<SeriesRow> shuffled = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            shuffled.add(row("a", t, 0));
        }
        Collections.shuffle(shuffled, new Random(3));
        assertNull(place(shuffled));
    }

    @Test
    void manySeriesInterleavedByTimeAreInOrder() {
        List<SeriesRow> rows = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int s = 0; s < 1000; s++) {
                rows.add(row("sensor" + s, t, s));
            }
        }
        Segments.Placement placement = place(rows);
        assertNotNull(placement, "a run per series is no sign of disorder");
        assertEquals(1000, placement.layout().seriesCount());
    }

    @Test
    void aPartitionWithTooManyRunsIsUnordered() {
        List<SeriesRow> descending = new ArrayList<>();
        for (int t = 10_000; t >= 0; t--) {
            descending.add(row("a", t, 0));
        }
        List<Segments.Summary> summaries = summarise(0, descending, null);
        assertEquals(1, summaries.size(), "the driver is not sent a summary per row");
        assertNull(Segments.place(summaries, SPLIT, false, 0));
        assertNull(place(descending, List.of(row("a", 20_000, 0)), List.of(row("b", 1, 0))),
                "with other partitions, of the same series and others");
    }

    @Test
    void twoRowsAtOneTimeAreRefusedInsideAPartitionAndBetweenPartitions() {
        var inside = assertThrows(Segments.DuplicateTime.class,
                () -> place(List.of(row("a", 1, 0), row("b", 1, 0), row("a", 1, 1))));
        assertEquals("series 'a' has two rows at time 1 (one row per time: which comes first is unknown)",
                inside.getMessage());
        var between = assertThrows(Segments.DuplicateTime.class,
                () -> place(List.of(row("a", 1, 0), row("a", 2, 0)), List.of(row("a", 2, 1))));
        assertTrue(between.getMessage().contains("at time 2"), between.getMessage());
    }

    @Test
    void anUnusableRowFailsThePlacementEvenInRowsOutOfOrder() {
        List<SeriesRow> descending = new ArrayList<>();
        for (int t = 1000; t >= 0; t--) {
            descending.add(t == 3 ? SeriesRow.unusable("a", "3", "f.parquet: column 'x' holds NaN") : row("a", t, 0));
        }
        var unusable = assertThrows(Segments.UnusableRow.class, () -> place(List.of(row("a", 2000, 0)), descending));
        assertEquals("f.parquet: column 'x' holds NaN", unusable.getMessage());
    }

    @Test
    void rowsBeforeTheCutoffAreCountedPerSeries() {
        Split cutoff = new Split(Split.Method.TIME, 0.2, "3", 0);
        List<Segments.Summary> summaries = new ArrayList<>(summarise(0,
                List.of(row("a", 1, 0), row("a", 2, 0), row("b", 5, 0), row("a", 4, 0)), "3"));
        summaries.addAll(summarise(1, List.of(row("b", 1, 0), row("b", 2, 0)), "3"));
        SeriesLayout layout = Segments.place(summaries, cutoff, true, 0).layout();
        assertEquals(2, layout.trainRows(0));
        assertEquals(2, layout.trainRows(1), "b's rows at 1 and 2, in a partition after its row at 5");
    }

    @SafeVarargs
    private static Segments.Placement place(List<SeriesRow>... partitions) {
        List<Segments.Summary> summaries = new ArrayList<>();
        for (int p = 0; p < partitions.length; p++) {
            summaries.addAll(summarise(p, partitions[p], null));
        }
        return Segments.place(summaries, SPLIT, false, 0);
    }

    /** Files spread over partitions, each partition's files in any order, their rows interleaved by series. */
    private static List<List<SeriesRow>> partitions(List<List<SeriesRow>> files, Random random) {
        List<List<List<SeriesRow>>> byPartition = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int p = 0; p < count; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (List<SeriesRow> file : files) {
            byPartition.get(random.nextInt(count)).add(file);
        }
        List<List<SeriesRow>> partitions = new ArrayList<>();
        for (List<List<SeriesRow>> held : byPartition) {
            Collections.shuffle(held, random);
            List<SeriesRow> rows = new ArrayList<>();
            // Interleave different series' files row by row; a series' files stay one after the other.
            TreeMap<String, List<SeriesRow>> bySeries = new TreeMap<>();
            for (int f = 0; f < held.size(); f++) {
                int file = f;
                held.get(f).forEach(r -> bySeries.computeIfAbsent(r.series(), s -> new ArrayList<>())
                        .add(new SeriesRow(r.series(), r.timeText(), r.timeNumber(), r.values(), null, file, null)));
            }
            List<List<SeriesRow>> queues = new ArrayList<>(bySeries.values());
            int[] next = new int[queues.size()];
            while (rows.size() < queues.stream().mapToInt(List::size).sum()) {
                int q = random.nextInt(queues.size());
                if (next[q] < queues.get(q).size()) {
                    rows.add(queues.get(q).get(next[q]++));
                }
            }
            partitions.add(rows);
        }
        return partitions;
    }

    private static List<Segments.Summary> summarise(int partition, List<SeriesRow> rows, String cutoff) {
        return Segments.read(partition, rows.iterator(), 1, true, cutoff, true).stream()
                .map(Segments.Segment::summary).toList();
    }

    private static SeriesRow row(String series, long time, double value) {
        return new SeriesRow(series, Long.toString(time), time, new double[]{value});
    }
}
