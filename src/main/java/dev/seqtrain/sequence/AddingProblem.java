package dev.seqtrain.sequence;

import java.util.SplittableRandom;

/**
 * The adding problem (Hochreiter &amp; Schmidhuber, 1997), a test of long-range memory: each step
 * carries a value uniform on [0, 1) and a marker 0 or 1; exactly two steps are marked, the first in
 * [0, T/2) and the second in [T/2, T), and the target is the sum of the two marked values. A model
 * must hold the first marked value across up to T steps of distraction.
 *
 * <p>Example {@code index} of a data set is a pure function of {@code (seed, index, length)}, so the
 * driver and every Spark worker generate identical data from a range of indices, with no arrays shipped.
 */
public final class AddingProblem {
    /** Features per step: the value, then the marker. */
    public static final int FEATURES = 2;
    /** The task counts as solved below this validation MSE (the usual criterion, about 6% of the baseline's). */
    public static final double SOLVED_MSE = 0.01;

    private AddingProblem() {
    }

    /**
     * @param values  the value at each step; the markers are 1 at {@code first} and {@code second} only
     * @param target  {@code values[first] + values[second]}
     */
    public record Example(float[] values, int first, int second, float target) {
        public int length() {
            return values.length;
        }
    }

    /**
     * A minibatch in DL4J's layout, flattened in 'c' (row-major) order.
     *
     * @param features {@code [size][FEATURES][length]}: NCW, what recurrent layers read
     * @param targets  {@code [size][1]}: one target per sequence, for a many-to-one network
     */
    public record Batch(int size, int length, float[] features, float[] targets) {
        public long[] featureShape() {
            return new long[]{size, FEATURES, length};
        }

        public long[] targetShape() {
            return new long[]{size, 1};
        }
    }

    public static Example example(long seed, long index, int length) {
        if (length < 2) {
            throw new IllegalArgumentException("the adding problem needs sequences of at least 2 steps, not " + length);
        }
        SplittableRandom random = new SplittableRandom(streamSeed(seed, index));
        float[] values = new float[length];
        for (int t = 0; t < length; t++) {
            values[t] = random.nextFloat();
        }
        int half = length / 2;
        int first = random.nextInt(half);
        int second = half + random.nextInt(length - half);
        return new Example(values, first, second, values[first] + values[second]);
    }

    /** Examples {@code fromIndex, fromIndex + 1, ...}, {@code size} of them. */
    public static Batch batch(long seed, long fromIndex, int size, int length) {
        float[] features = new float[size * FEATURES * length];
        float[] targets = new float[size];
        for (int b = 0; b < size; b++) {
            Example example = example(seed, fromIndex + b, length);
            int valueRow = b * FEATURES * length;
            int markerRow = valueRow + length;
            System.arraycopy(example.values(), 0, features, valueRow, length);
            features[markerRow + example.first()] = 1;
            features[markerRow + example.second()] = 1;
            targets[b] = example.target();
        }
        return new Batch(size, length, features, targets);
    }

    /**
     * The MSE of the best constant prediction, 1 (the mean of the target): the variance of the sum of two
     * independent U(0, 1) values, 2 × 1/12 = 1/6 ≈ 0.1667. A model below it has learnt something from the
     * markers; below {@link #SOLVED_MSE} it has solved the task.
     */
    public static double constantPredictorMse() {
        return 1.0 / 6.0;
    }

    /**
     * Why not {@code seed + index}: SplittableRandom seeded with {@code s + k·γ} (γ its fixed increment)
     * replays the stream of {@code s} from step k, and a plain sum makes (seed 1, index 0) equal
     * (seed 0, index 1). Hashing both through SplitMix64's finaliser keeps the examples' streams apart.
     */
    static long streamSeed(long seed, long index) {
        return mix64(mix64(seed) + index * 0x9E3779B97F4A7C15L);
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
