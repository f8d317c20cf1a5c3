package dev.seqtrain.sequence;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Padding, masks, truncation and length bucketing of variable-length sequences. */
class PaddingPropertiesTest {
    /** A sequence of two features whose values say which step they are: step s holds s + 1 and -(s + 1). */
    private static float[][] sequence(int length) {
        float[][] steps = new float[2][length];
        for (int s = 0; s < length; s++) {
            steps[0][s] = s + 1;
            steps[1][s] = -(s + 1);
        }
        return steps;
    }

    @Provide
    Arbitrary<int[]> lengths() {
        return Arbitraries.integers().between(1, 40).array(int[].class).ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 300)
    void masksCountTheRealStepsAndPaddingIsZero(@ForAll("lengths") int[] lengths,
                                                @ForAll @IntRange(max = 30) int cap,
                                                @ForAll Padding.Align align, @ForAll Padding.Keep keep) {
        List<float[][]> sequences = Arrays.stream(lengths).mapToObj(PaddingPropertiesTest::sequence).toList();
        Padding.Batch batch = new Padding(cap, align, keep).pad(sequences);
        int longest = Arrays.stream(lengths).max().orElseThrow();
        assertEquals(cap > 0 ? Math.min(cap, longest) : longest, batch.steps());
        long padded = 0;
        for (int e = 0; e < lengths.length; e++) {
            int kept = Math.min(lengths[e], batch.steps());
            float maskSum = 0;
            for (int s = 0; s < batch.steps(); s++) {
                maskSum += batch.mask()[e][s];
                if (batch.mask()[e][s] == 0) {
                    assertEquals(0f, batch.features()[e][0][s], "padding is zero");
                }
            }
            assertEquals(kept, maskSum, "mask sum equals the (capped) true length");
            assertEquals(kept, batch.lengths()[e]);
            padded += batch.steps() - kept;
        }
        assertEquals(padded, batch.paddedSteps());
    }

    @Property(tries = 300)
    void alignmentAndTruncationPlaceTheRightSteps(@ForAll("lengths") int[] lengths, @ForAll @IntRange(min = 1, max = 30) int cap) {
        List<float[][]> sequences = Arrays.stream(lengths).mapToObj(PaddingPropertiesTest::sequence).toList();
        Padding.Batch end = new Padding(cap, Padding.Align.END, Padding.Keep.RECENT).pad(sequences);
        Padding.Batch start = new Padding(cap, Padding.Align.START, Padding.Keep.FIRST).pad(sequences);
        for (int e = 0; e < lengths.length; e++) {
            int kept = end.lengths()[e];
            // Aligned at the end, the last step of the batch is the sequence's last step.
            assertEquals(lengths[e], end.features()[e][0][end.steps() - 1]);
            assertEquals(1f, end.mask()[e][end.steps() - 1]);
            assertEquals(lengths[e] - kept + 1, end.features()[e][0][end.steps() - kept], "keeps the most recent steps");
            // Aligned at the start and keeping the first steps, step s is the sequence's step s.
            assertEquals(1f, start.features()[e][0][0]);
            assertEquals(kept, start.features()[e][0][kept - 1]);
            assertEquals(-kept, start.features()[e][1][kept - 1]);
        }
    }

    @Property(tries = 300)
    void bucketsCoverEverySequenceOnceAndNeverInterleaveLengths(@ForAll("lengths") int[] lengths,
                                                                @ForAll @IntRange(min = 1, max = 8) int batchSize,
                                                                @ForAll long seed) {
        List<int[]> buckets = LengthBuckets.plan(lengths, batchSize, seed);
        int[] seen = buckets.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, lengths.length).toArray(), seen);
        assertTrue(buckets.stream().allMatch(b -> b.length <= batchSize));
        for (int[] a : buckets) {
            for (int[] b : buckets) {
                int maxA = Arrays.stream(a).map(i -> lengths[i]).max().orElseThrow();
                int minB = Arrays.stream(b).map(i -> lengths[i]).min().orElseThrow();
                int maxB = Arrays.stream(b).map(i -> lengths[i]).max().orElseThrow();
                int minA = Arrays.stream(a).map(i -> lengths[i]).min().orElseThrow();
                assertTrue(a == b || maxA <= minB || maxB <= minA, "buckets hold contiguous ranges of lengths");
            }
        }
    }

    @Test
    void bucketingAHandOfLengths() {
        int[] lengths = {3, 10, 2, 9, 4, 11};
        List<int[]> buckets = LengthBuckets.plan(lengths, 2, 1);
        List<List<Integer>> sorted = buckets.stream().map(b -> Arrays.stream(b).sorted().boxed().toList())
                .sorted((a, b) -> Integer.compare(lengths[a.get(0)], lengths[b.get(0)])).toList();
        assertEquals(List.of(List.of(0, 2), List.of(3, 4), List.of(1, 5)), sorted);
        // {3,2} pads 1 of 6, {9,4} pads 5 of 18, {10,11} pads 1 of 22: 7 of 46.
        assertEquals(7.0 / 46, LengthBuckets.paddingFraction(lengths, buckets, 0), 1e-12);
        // In input order, {3,10} {2,9} {4,11} pad 7 + 7 + 7 of 60.
        List<int[]> inOrder = List.of(new int[]{0, 1}, new int[]{2, 3}, new int[]{4, 5});
        assertEquals(21.0 / 60, LengthBuckets.paddingFraction(lengths, inOrder, 0), 1e-12);
    }
}
