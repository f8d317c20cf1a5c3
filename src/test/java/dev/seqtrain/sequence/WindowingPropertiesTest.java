package dev.seqtrain.sequence;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of window starts, chunked windowing, gap filling and partition plans, over random shapes. */
class WindowingPropertiesTest {
    /** Some series, a window shape and a split. */
    record Case(long[] lengths, WindowShape window, double validationFraction, int gap, long seed) {
        SeriesLayout layout() {
            String[] ids = new String[lengths.length];
            for (int s = 0; s < ids.length; s++) {
                ids[s] = "s" + s;
            }
            return SeriesLayout.byFraction(ids, lengths, validationFraction, gap);
        }

        /** Rows that say where they are: column 0 the row number, column 1 a noisy signal, some of it missing. */
        double[][] rows(double missingRate) {
            Random random = new Random(seed);
            int total = (int) Arrays.stream(lengths).sum();
            double[][] rows = new double[total][];
            for (int i = 0; i < total; i++) {
                rows[i] = new double[]{i, Math.sin(i / 3.0) + random.nextGaussian()};
                if (random.nextDouble() < missingRate) {
                    rows[i][1] = Double.NaN;
                }
            }
            return rows;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<long[]> lengths = Arbitraries.longs().between(1, 60).array(long[].class).ofMinSize(1).ofMaxSize(6);
        Arbitrary<WindowShape> windows = Combinators.combine(Arbitraries.integers().between(1, 10),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 5)).as(WindowShape::new);
        return Combinators.combine(lengths, windows, Arbitraries.doubles().between(0.1, 0.5),
                Arbitraries.integers().between(0, 3), Arbitraries.longs()).as(Case::new);
    }

    private static List<Long> starts(WindowStarts starts, long from, long to, WindowPart part) {
        List<Long> out = new ArrayList<>();
        starts.forEach(from, to, part, out::add);
        return out;
    }

    @Property(tries = 400)
    void startsAreExactlyTheWindowsThatFitTheirPart(@ForAll("cases") Case c) {
        SeriesLayout layout = c.layout();
        WindowStarts starts = new WindowStarts(layout, c.window());
        for (WindowPart part : WindowPart.values()) {
            List<Long> expected = new ArrayList<>();
            for (int s = 0; s < layout.seriesCount(); s++) {
                long first = part == WindowPart.VALIDATION ? layout.validationStart(s) : layout.start(s);
                long end = switch (part) {
                    case TRAIN -> layout.start(s) + layout.trainRows(s);
                    case VALIDATION -> layout.end(s);
                    case ALL -> layout.end(s) + c.window().horizon(); // scoring needs only the inputs
                };
                for (long start = first; start + c.window().span() <= end; start += c.window().stride()) {
                    expected.add(start);
                }
            }
            assertEquals(expected, starts(starts, 0, layout.rows(), part), part.name());
            assertEquals(expected.size(), starts.count(0, layout.rows(), part), part + " count");
        }
    }

    @Property(tries = 400)
    void countsOfAnyRangeMatchTheStartsInIt(@ForAll("cases") Case c, @ForAll @IntRange(max = 400) int a,
                                            @ForAll @IntRange(max = 400) int b) {
        WindowStarts starts = new WindowStarts(c.layout(), c.window());
        long from = Math.min(a, b);
        long to = Math.max(a, b);
        for (WindowPart part : WindowPart.values()) {
            List<Long> in = starts(starts, from, to, part);
            assertEquals(in.size(), starts.count(from, to, part));
            assertTrue(in.stream().allMatch(start -> start >= from && start < to));
        }
    }

    @Property(tries = 300)
    void noTrainingWindowTouchesValidationRowsAndNoneCrossesASeries(@ForAll("cases") Case c) {
        SeriesLayout layout = c.layout();
        WindowStarts starts = new WindowStarts(layout, c.window());
        starts.forEach(0, layout.rows(), WindowPart.TRAIN, start -> {
            int s = layout.seriesAt(start);
            long target = start + c.window().span() - 1;
            assertEquals(s, layout.seriesAt(target), "a window stays in its series");
            assertTrue(target < layout.start(s) + layout.trainRows(s), "training targets lie in the training part");
        });
        starts.forEach(0, layout.rows(), WindowPart.VALIDATION, start -> {
            int s = layout.seriesAt(start);
            assertTrue(start >= layout.start(s) + layout.trainRows(s) + c.gap(),
                    "validation inputs start after the training part and the gap");
            assertEquals(s, layout.seriesAt(start + c.window().span() - 1));
        });
    }

    @Property(tries = 300)
    void randomWindowSplitsPartitionTheFittingWindows(@ForAll("cases") Case c, @ForAll long seed) {
        Split split = new Split(Split.Method.RANDOM_WINDOW, c.validationFraction(), null, 0);
        String[] ids = new String[c.lengths().length];
        for (int s = 0; s < ids.length; s++) {
            ids[s] = "s" + s;
        }
        SeriesLayout layout = SeriesLayout.forSplit(split, ids, c.lengths(), null, seed);
        WindowStarts random = WindowStarts.forSplit(layout, c.window(), split, seed);
        List<Long> train = starts(random, 0, layout.rows(), WindowPart.TRAIN);
        List<Long> validation = starts(random, 0, layout.rows(), WindowPart.VALIDATION);
        List<Long> fitting = new ArrayList<>();
        for (int s = 0; s < layout.seriesCount(); s++) {
            for (long start = layout.start(s); start + c.window().span() <= layout.end(s); start += c.window().stride()) {
                fitting.add(start);
            }
        }
        List<Long> union = new ArrayList<>(train);
        union.addAll(validation);
        union.sort(null);
        assertEquals(fitting, union, "every fitting window lands in exactly one part");
        assertEquals(train.size(), random.count(0, layout.rows(), WindowPart.TRAIN));
        assertEquals(validation, starts(WindowStarts.forSplit(layout, c.window(), split, seed), 0, layout.rows(),
                WindowPart.VALIDATION), "the same seed gives the same split");
    }

    @Test
    void randomWindowSplitHoldsOutAboutTheFraction() {
        Split split = new Split(Split.Method.RANDOM_WINDOW, 0.2, null, 0);
        SeriesLayout layout = SeriesLayout.forSplit(split, new String[]{""}, new long[]{100_000}, null, 42);
        WindowStarts random = WindowStarts.forSplit(layout, new WindowShape(10, 1, 1), split, 42);
        double share = (double) random.count(0, layout.rows(), WindowPart.VALIDATION)
                / random.count(0, layout.rows(), WindowPart.ALL);
        assertEquals(0.2, share, 0.01);
    }

    @Property(tries = 300)
    void chunkedWindowsEqualWholeWindowsInOrder(@ForAll("cases") Case c,
                                                @ForAll @IntRange(min = 0, max = 30) int extraRows) {
        SeriesLayout layout = c.layout();
        WindowStarts starts = new WindowStarts(layout, c.window());
        int chunkRows = (int) PartitionPlan.chunkRows(layout.rows(), 1, starts.span() + extraRows, starts.span());
        double[][] rows = c.rows(0.05);
        Normalizer normalizer = new Normalizer("standard", List.of("t", "v"), new double[]{0, 0.1}, new double[]{1, 2});
        ChunkWindows cutter = new ChunkWindows(starts, new int[]{1, 0}, 1, normalizer);
        for (WindowPart part : WindowPart.values()) {
            List<ForecastWindow> whole = new ArrayList<>();
            ChunkWindows.Skipped wholeSkipped = new ChunkWindows.Skipped();
            cutter.cut(new Chunk(0, new double[0][], null), new Chunk(0, rows, null), new Chunk(rows.length,
                    new double[0][], null), part, whole::add,
                    wholeSkipped);

            List<ForecastWindow> chunked = new ArrayList<>();
            ChunkWindows.Skipped chunkedSkipped = new ChunkWindows.Skipped();
            List<Chunk> chunks = chunks(rows, chunkRows);
            for (int i = 0; i < chunks.size(); i++) {
                // As ChunkedSeries does with chunks of at least one span: the next chunk's first rows.
                Chunk next = i + 1 < chunks.size() ? chunks.get(i + 1) : new Chunk(rows.length, new double[0][], null);
                cutter.cut(i == 0 ? new Chunk(0, new double[0][], null) : chunks.get(i - 1), chunks.get(i),
                        next.head(starts.span() - 1), part, chunked::add, chunkedSkipped);
            }
            assertEquals(whole.size(), chunked.size());
            assertEquals(wholeSkipped.count(), chunkedSkipped.count());
            assertEquals(starts.count(0, layout.rows(), part), whole.size() + wholeSkipped.count(),
                    "every start is a window or a skipped one");
            for (int w = 0; w < whole.size(); w++) {
                ForecastWindow expected = whole.get(w);
                ForecastWindow actual = chunked.get(w);
                assertEquals(expected.start(), actual.start());
                assertEquals(expected.series(), actual.series());
                assertArrayEquals(expected.inputs(), actual.inputs());
                assertArrayEquals(expected.labels(), actual.labels());
                assertEquals(expected.lastRow(), actual.lastRow());
                // Column 0 holds the row number: each input step is its own row, in order.
                for (int step = 0; step < c.window().length(); step++) {
                    assertEquals(expected.start() + step, Math.round(expected.inputs()[1][step]));
                }
            }
        }
    }

    @Property(tries = 300)
    void labelsLieTheRightStepsAhead(@ForAll("cases") Case c, @ForAll boolean multiStep, @ForAll boolean sequence) {
        if (multiStep && sequence) {
            return;
        }
        SeriesLayout layout = c.layout();
        WindowStarts starts = new WindowStarts(layout, c.window());
        double[][] rows = c.rows(0);
        Normalizer identity = new Normalizer("standard", List.of("t", "v"), new double[]{0, 0}, new double[]{1, 1});
        // Column 0 (the row number) is the target: a label's value is the row it was read from.
        ForecastOutputs outputs = new ForecastOutputs(List.of("t"), new int[]{0}, c.window().horizon(), multiStep, sequence);
        List<ForecastWindow> windows = new ArrayList<>();
        new ChunkWindows(starts, new int[]{1}, outputs, identity, 0)
                .cut(new Chunk(0, new double[0][], null), new Chunk(0, rows, null), new Chunk(rows.length,
                        new double[0][], null), WindowPart.TRAIN,
                        windows::add, new ChunkWindows.Skipped());
        assertEquals(multiStep ? c.window().horizon() : 1, outputs.count());
        for (ForecastWindow w : windows) {
            long lastRow = w.start() + c.window().length() - 1;
            for (int o = 0; o < outputs.count(); o++) {
                assertEquals(sequence ? c.window().length() : 1, w.labels()[o].length);
                for (int s = 0; s < w.labels()[o].length; s++) {
                    long from = sequence ? w.start() + s : lastRow;
                    assertEquals(from + outputs.stepsAhead(o), w.labels()[o][s], 1e-3, "target row");
                    assertEquals(from, w.persisted()[o][s], 1e-9, "persistence repeats the step's own value");
                }
            }
        }
    }

    private static List<Chunk> chunks(double[][] rows, int chunkRows) {
        List<Chunk> chunks = new ArrayList<>();
        for (int from = 0; from < rows.length; from += chunkRows) {
            chunks.add(new Chunk(from, Arrays.copyOfRange(rows, from, Math.min(rows.length, from + chunkRows)), null));
        }
        return chunks;
    }

    @Property(tries = 300)
    void gapsFilledChunkByChunkEqualGapsFilledWhole(@ForAll("cases") Case c,
                                                    @ForAll @IntRange(min = 1, max = 30) int chunkRows) {
        SeriesLayout layout = c.layout();
        for (MissingValues policy : List.of(MissingValues.FORWARD_FILL, MissingValues.INTERPOLATE)) {
            double[][] rows = c.rows(0.3);
            Chunk whole = new Chunk(0, rows, null);
            GapFiller filler = new GapFiller(policy, layout);
            filler.fill(whole, GapFiller.none(2), GapFiller.none(2));

            List<Chunk> chunks = chunks(rows, chunkRows);
            List<MissingValues.Anchor[][]> own = chunks.stream()
                    .map(chunk -> new MissingValues.Anchor[][]{GapFiller.firstValid(chunk, 2), GapFiller.lastValid(chunk, 2)})
                    .toList();
            List<MissingValues.Anchor[][]> around = GapFiller.anchorsAround(own, 2);
            for (int i = 0; i < chunks.size(); i++) {
                filler.fill(chunks.get(i), around.get(i)[0], around.get(i)[1]);
            }
            for (int i = 0; i < rows.length; i++) {
                Chunk chunk = chunks.get(i / chunkRows);
                assertArrayEquals(whole.row(i), chunk.row(i % chunkRows), 1e-12, policy + " row " + i);
            }
        }
    }

    @Property(tries = 300)
    void fillingNeverBorrowsFromAnotherSeries(@ForAll("cases") Case c) {
        SeriesLayout layout = c.layout();
        double[][] rows = c.rows(0.4);
        boolean[] missing = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            missing[i] = Double.isNaN(rows[i][1]);
        }
        Chunk chunk = new Chunk(0, rows, null);
        new GapFiller(MissingValues.FORWARD_FILL, layout).fill(chunk, GapFiller.none(2), GapFiller.none(2));
        for (int s = 0; s < layout.seriesCount(); s++) {
            for (long i = layout.start(s); i < layout.end(s) && missing[(int) i]; i++) {
                assertTrue(Double.isNaN(chunk.value((int) i, 1)), "a series' leading gap stays missing");
            }
        }
    }

    @Property(tries = 500)
    void columnStatsMergeLikeOneSequentialPass(@ForAll List<@IntRange(min = -1000, max = 1000) Integer> a,
                                               @ForAll List<@IntRange(min = -1000, max = 1000) Integer> b) {
        ColumnStats left = new ColumnStats();
        ColumnStats right = new ColumnStats();
        ColumnStats all = new ColumnStats();
        a.forEach(v -> {
            left.add(v);
            all.add(v);
        });
        b.forEach(v -> {
            right.add(v);
            all.add(v);
        });
        left.merge(right);
        assertEquals(all.count(), left.count());
        assertEquals(all.mean(), left.mean(), 1e-9);
        assertEquals(all.std(), left.std(), 1e-9);
        assertEquals(all.min(), left.min());
        assertEquals(all.max(), left.max());
    }

    @Property(tries = 500)
    void partitionPlansAreContiguousCompleteAndBalanced(@ForAll("windowCounts") long[] windowsPerChunk,
                                                        @ForAll @IntRange(min = 1, max = 8) int partitions) {
        PartitionPlan plan = PartitionPlan.balance(windowsPerChunk, partitions);
        long[] counted = new long[partitions];
        int previous = 0;
        for (int chunk = 0; chunk < windowsPerChunk.length; chunk++) {
            int partition = plan.partitionOf(chunk);
            assertTrue(partition >= previous, "chunks stay in order");
            previous = partition;
            counted[partition] += windowsPerChunk[chunk];
        }
        assertArrayEquals(counted, plan.windows());
        long total = Arrays.stream(windowsPerChunk).sum();
        long largest = Arrays.stream(windowsPerChunk).max().orElse(0);
        for (int p = 0; p < partitions; p++) {
            assertTrue(counted[p] <= (double) total / partitions + largest,
                    "partition " + p + " holds at most one chunk more than its share");
        }
    }

    @Provide
    Arbitrary<long[]> windowCounts() {
        return Arbitraries.longs().between(0, 100).array(long[].class).ofMinSize(0).ofMaxSize(60);
    }
}
