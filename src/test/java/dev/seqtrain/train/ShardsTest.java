package dev.seqtrain.train;

import dev.seqtrain.SharedSpark;
import dev.seqtrain.sequence.Padding;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardsTest {
    /** Example i has features [i, i+0.5] over one step and label -i. */
    private static ArrayShard numbered(int from, int to) {
        ArrayShard.Builder shard = new ArrayShard.Builder(new long[]{2, 1}, new long[]{1});
        for (int i = from; i < to; i++) {
            shard.add(new float[]{i, i + 0.5f}, new float[]{-i}, null, null);
        }
        return shard.build();
    }

    private static List<Integer> labels(ExampleShard shard) {
        List<Integer> labels = new ArrayList<>();
        for (int[] batch : shard.inOrder(7)) {
            for (float label : shard.minibatch(batch).getLabels().toFloatVector()) {
                labels.add((int) -label);
            }
        }
        return labels;
    }

    @Test
    void unevenPartitionsBecomeShardsOfEqualSizeInTheirOrder() {
        // Partition sizes 10, 0 and 21 (an empty partition too) for two workers.
        List<Integer> source = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            source.add(i);
        }
        // ArrayLists: Spark's Kryo cannot serialise List.of or subList views.
        List<ArrayList<Integer>> parts = List.of(new ArrayList<>(source.subList(0, 10)), new ArrayList<>(),
                new ArrayList<>(source.subList(10, 31)));
        Shards shards = Shards.balanced(SharedSpark.context().parallelize(parts, 3).flatMap(List::iterator), part -> {
            List<Integer> values = new ArrayList<>();
            part.forEachRemaining(values::add);
            return values.isEmpty() ? numbered(0, 0) : numbered(values.get(0), values.get(values.size() - 1) + 1);
        }, 2, StorageLevel.MEMORY_AND_DISK());
        try {
            assertArrayEquals(new long[]{15, 16}, shards.sizes());
            List<ArrayList<Integer>> contents = shards.rdd().map(shard -> new ArrayList<>(labels(shard))).collect();
            assertEquals(source.subList(0, 15), contents.get(0));
            assertEquals(source.subList(15, 31), contents.get(1));
        } finally {
            shards.release();
        }
    }

    @Test
    void moreWorkersThanExamplesLeavesSomeShardsEmpty() {
        Shards shards = Shards.balanced(SharedSpark.context().parallelize(new ArrayList<>(List.of(1, 2)), 1),
                part -> numbered(0, 2), 3, StorageLevel.MEMORY_ONLY());
        try {
            assertEquals(2, shards.examples());
            assertEquals(3, shards.sizes().length);
        } finally {
            shards.release();
        }
    }

    @Test
    void anEpochsMinibatchesCoverEveryExampleOnceAndChangeWithTheSeed() {
        ArrayShard shard = numbered(0, 23);
        List<int[]> epoch1 = shard.minibatches(5, 1);
        assertEquals(5, epoch1.size());
        assertEquals(3, epoch1.get(4).length, "the last minibatch holds the rest");
        Set<Integer> seen = new HashSet<>();
        epoch1.forEach(batch -> Arrays.stream(batch).forEach(seen::add));
        assertEquals(23, seen.size());
        assertTrue(shard.minibatches(5, 1) == epoch1, "a round of the same epoch reuses the epoch's order");
        assertNotEquals(Arrays.toString(epoch1.get(0)), Arrays.toString(shard.minibatches(5, 2).get(0)));
        DataSet batch = shard.minibatch(new int[]{3, 0});
        assertArrayEquals(new long[]{2, 2, 1}, batch.getFeatures().shape());
        assertArrayEquals(new float[]{3, 3.5f, 0, 0.5f}, batch.getFeatures().dup('c').data().asFloat());
    }

    @Test
    void textWindowsBecomeOneHotOnlyInTheirMinibatch() {
        TokenShard shard = new TokenShard.Builder(3, 4, true).add(new int[]{1, 2, 3}, 2, 3, 0)
                .add(new int[]{0, 0, 1}, 0, 1, 1).build();
        DataSet batch = shard.minibatch(new int[]{1, 0});
        assertArrayEquals(new long[]{2, 1, 3}, batch.getFeatures().shape());
        assertArrayEquals(new long[]{2, 4, 3}, batch.getLabels().shape());
        assertEquals(1f, batch.getLabels().getFloat(1, 2, 0));
        assertEquals(1f, batch.getLabels().getFloat(0, 1, 2));
        assertEquals(6f, batch.getLabels().sumNumber().floatValue(), "one 1 per step");
        TokenShard passages = new TokenShard.Builder(2, 3, false).add(new int[]{5, 6}, 2).build();
        assertArrayEquals(new long[]{1, 3}, passages.minibatch(new int[]{0}).getLabels().shape());
        assertEquals(1, passages.concat(List.of(passages.slice(0, 0))).size());
    }

    @Test
    void sequencesArePaddedAndMaskedPerMinibatchAndSliceIntact() {
        Padding padding = new Padding(0, Padding.Align.END, Padding.Keep.RECENT);
        SequenceShard shard = new SequenceShard.Builder(1, 2, padding, true)
                .add(new float[][]{{1, 2, 3}}, 1).add(new float[][]{{4}}, 0).add(new float[][]{{5, 6}}, 1).build();
        DataSet batch = shard.minibatch(new int[]{0, 1});
        assertArrayEquals(new long[]{2, 1, 3}, batch.getFeatures().shape());
        assertArrayEquals(new float[]{1, 1, 1, 0, 0, 1}, batch.getFeaturesMaskArray().dup('c').data().asFloat());
        SequenceShard tail = shard.slice(1, 3);
        assertEquals(2, tail.size());
        DataSet rest = tail.concat(List.of(shard.slice(0, 1))).minibatch(new int[]{1, 2});
        assertArrayEquals(new float[]{0, 5, 6, 1, 2, 3}, rest.getFeatures().dup('c').data().asFloat());
        assertArrayEquals(new float[]{0, 1, 0, 1}, rest.getLabels().dup('c').data().asFloat());
        assertEquals(0, shard.slice(3, 3).size(), "the empty piece past the end, which rebalancing cuts");
        assertEquals(3, shard.slice(0, 0).concat(List.of(shard.slice(0, 3), shard.slice(3, 3))).size());
    }
}
