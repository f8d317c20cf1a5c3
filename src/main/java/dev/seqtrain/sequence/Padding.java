package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Pads a minibatch of variable-length sequences to one length with masks, so a recurrent network
 * sees only real steps. Sequences longer than the cap are truncated, by default keeping their most
 * recent steps (what a many-to-one classifier reads last).
 */
public final class Padding implements Serializable {
    /** Where a shorter sequence's steps go: at the start (padding after) or at the end (padding before). */
    public enum Align {
        START, END;

        public static Align of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    /** Which steps a too-long sequence keeps. */
    public enum Keep {
        RECENT, FIRST;

        public static Keep of(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }

    private final int cap;
    private final Align align;
    private final Keep keep;

    /** @param cap the longest padded length; 0 for no cap (the longest sequence of each minibatch) */
    public Padding(int cap, Align align, Keep keep) {
        this.cap = cap;
        this.align = align;
        this.keep = keep;
    }

    /**
     * One padded minibatch: {@code features[example][feature][step]}, {@code mask[example][step]}
     * (1 for a real step), and how many steps were padding.
     */
    public record Batch(float[][][] features, float[][] mask, int[] lengths, long paddedSteps) {
        public int steps() {
            return mask.length == 0 ? 0 : mask[0].length;
        }
    }

    /** @param sequences each {@code [feature][step]}, all with the same features */
    public Batch pad(List<float[][]> sequences) {
        int longest = 0;
        for (float[][] sequence : sequences) {
            longest = Math.max(longest, sequence[0].length);
        }
        int steps = cap > 0 ? Math.min(cap, longest) : longest;
        int features = sequences.isEmpty() ? 0 : sequences.get(0).length;
        float[][][] out = new float[sequences.size()][features][steps];
        float[][] mask = new float[sequences.size()][steps];
        int[] lengths = new int[sequences.size()];
        long padded = 0;
        for (int e = 0; e < sequences.size(); e++) {
            float[][] sequence = sequences.get(e);
            int length = Math.min(sequence[0].length, steps);
            int from = keep == Keep.RECENT ? sequence[0].length - length : 0;
            int to = align == Align.END ? steps - length : 0;
            for (int f = 0; f < features; f++) {
                System.arraycopy(sequence[f], from, out[e][f], to, length);
            }
            for (int s = to; s < to + length; s++) {
                mask[e][s] = 1f;
            }
            lengths[e] = length;
            padded += steps - length;
        }
        return new Batch(out, mask, lengths, padded);
    }
}
