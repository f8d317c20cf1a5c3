package dev.seqtrain.train;

import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One worker's examples, held compactly in plain Java arrays (a character is an int, not a one-hot
 * row) and turned into a DL4J minibatch only when it is fitted. A shard is one element of a cached
 * RDD partition, kept deserialised, so an averaging round reads nothing but the minibatches it fits.
 */
public abstract class ExampleShard implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The epoch's minibatches, kept so every round of the epoch reuses one shuffle. */
    private transient volatile Plan plan;

    private record Plan(int batchSize, long seed, List<int[]> minibatches) {
    }

    /** Examples in this shard. */
    public abstract int size();

    /** The examples at {@code indices} as one minibatch. */
    public abstract DataSet minibatch(int[] indices);

    /**
     * The minibatches a worker fits in one epoch, in order: every example once, shuffled by
     * {@code seed} (the same seed gives the same minibatches, so a resumed run repeats them).
     */
    public final List<int[]> minibatches(int batchSize, long seed) {
        Plan current = plan;
        if (current == null || current.batchSize() != batchSize || current.seed() != seed) {
            current = new Plan(batchSize, seed, List.copyOf(plan(batchSize, new Random(seed))));
            plan = current;
        }
        return current.minibatches();
    }

    /** Examples {@code [from, to)} of this shard as a shard of their own, for rebalancing shards across workers. */
    abstract ExampleShard slice(int from, int to);

    /** This shard's examples followed by those of {@code following} (shards of the same kind and shape). */
    abstract ExampleShard concat(List<ExampleShard> following);

    /** Shuffled examples cut into minibatches of {@code batchSize}, the last one smaller. */
    protected List<int[]> plan(int batchSize, Random random) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return cut(order, batchSize);
    }

    /** Minibatches in example order, for evaluation. */
    public List<int[]> inOrder(int batchSize) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return cut(order, batchSize);
    }

    protected static List<int[]> cut(int[] order, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            batches.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return batches;
    }
}
