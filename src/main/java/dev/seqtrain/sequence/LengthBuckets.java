package dev.seqtrain.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Groups sequences of similar length into minibatches, so little of each minibatch is padding:
 * sorted by length, cut into minibatches, and the minibatches shuffled (with the seed) so training
 * does not see lengths in order.
 */
public final class LengthBuckets {
    private LengthBuckets() {
    }

    /** @return minibatches of indices into {@code lengths}; the last one may be smaller */
    public static List<int[]> plan(int[] lengths, int batchSize, long seed) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, lengths.length).boxed().toList());
        order.sort(Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(order.subList(from, Math.min(order.size(), from + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        Collections.shuffle(batches, new Random(seed));
        return batches;
    }

    /** Padded steps over all steps when {@code batches} are padded to their longest member, capped at {@code cap} (0: none). */
    public static double paddingFraction(int[] lengths, List<int[]> batches, int cap) {
        long padded = 0;
        long all = 0;
        for (int[] batch : batches) {
            int longest = 0;
            for (int i : batch) {
                longest = Math.max(longest, lengths[i]);
            }
            int steps = cap > 0 ? Math.min(cap, longest) : longest;
            for (int i : batch) {
                padded += steps - Math.min(lengths[i], steps);
                all += steps;
            }
        }
        return all == 0 ? 0 : (double) padded / all;
    }
}
