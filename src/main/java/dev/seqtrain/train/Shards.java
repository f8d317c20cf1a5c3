package dev.seqtrain.train;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Spark glue: examples as one {@link ExampleShard} per partition, cached deserialised where the
 * partition was computed, so every averaging round and every evaluation reads them in place.
 */
public final class Shards {
    private final JavaRDD<ExampleShard> shards;
    private final long[] sizes;

    private Shards(JavaRDD<ExampleShard> shards, long[] sizes) {
        this.shards = shards;
        this.sizes = sizes;
    }

    /**
     * One shard per partition of {@code examples}, as they are: for validation and scoring, where
     * partitions need no balance.
     */
    public static <T> Shards of(JavaRDD<T> examples, Function<Iterator<T>, ExampleShard> build, StorageLevel level) {
        JavaRDD<ExampleShard> shards = examples.mapPartitions(part -> List.of(build.call(part)).iterator(), true)
                .persist(level);
        return new Shards(shards, sizes(shards));
    }

    /**
     * Exactly {@code workers} shards whose sizes differ by at most one example: the partitions of
     * {@code examples} as they are when they are that already (the forecast reader's windows), else
     * their shards cut at even offsets and moved once, in one shuffle (documents and sequences, whose
     * partitions follow document lengths or hashes: the largest shard sets the rounds of an epoch).
     */
    public static <T> Shards balanced(JavaRDD<T> examples, Function<Iterator<T>, ExampleShard> build, int workers,
                                      StorageLevel level) {
        Shards local = of(examples, build, level);
        long smallest = Arrays.stream(local.sizes).min().orElse(0);
        long largest = Arrays.stream(local.sizes).max().orElse(0);
        if (local.sizes.length == workers && largest - smallest <= 1) {
            return local;
        }
        try {
            long total = local.examples();
            long[] starts = new long[local.sizes.length];
            for (int p = 1; p < starts.length; p++) {
                starts[p] = starts[p - 1] + local.sizes[p - 1];
            }
            // Worker w takes the examples [w * total / workers, (w + 1) * total / workers) in partition order.
            JavaRDD<ExampleShard> moved = local.shards.mapPartitionsWithIndex((p, part) -> {
                ExampleShard shard = part.next();
                List<Tuple2<Integer, Tuple2<Integer, ExampleShard>>> pieces = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    long end = starts[p] + shard.size();
                    long from = Math.min(end, Math.max(w * total / workers, starts[p]));
                    long to = Math.min(end, Math.max(from, (w + 1) * total / workers));
                    // Empty pieces too: every worker gets a shard, even with fewer examples than workers.
                    pieces.add(new Tuple2<>(w, new Tuple2<>(p, shard.slice((int) (from - starts[p]),
                            (int) (to - starts[p])))));
                }
                return pieces.iterator();
            }, true).mapToPair(piece -> piece).partitionBy(new ByWorker(workers)).values()
                    .mapPartitions(part -> {
                        List<Tuple2<Integer, ExampleShard>> pieces = new ArrayList<>();
                        part.forEachRemaining(pieces::add);
                        // Pieces arrive in any order: put them back in partition order, so shards are reproducible.
                        pieces.sort(Comparator.comparing(Tuple2::_1));
                        List<ExampleShard> filled = pieces.stream().map(Tuple2::_2).filter(s -> s.size() > 0).toList();
                        if (filled.isEmpty()) {
                            return List.of(pieces.get(0)._2()).iterator();
                        }
                        return List.of(filled.get(0).concat(filled.subList(1, filled.size()))).iterator();
                    }, true).persist(level);
            return new Shards(moved, sizes(moved));
        } finally {
            local.release();
        }
    }

    private static long[] sizes(JavaRDD<ExampleShard> shards) {
        return shards.map(shard -> (long) shard.size()).collect().stream().mapToLong(Long::longValue).toArray();
    }

    /** Examples in each shard, in partition order. */
    public long[] sizes() {
        return sizes.clone();
    }

    public long examples() {
        long total = 0;
        for (long size : sizes) {
            total += size;
        }
        return total;
    }

    JavaRDD<ExampleShard> rdd() {
        return shards;
    }

    public void release() {
        shards.unpersist(false);
    }

    /** Sends worker w's pieces to partition w. */
    private static final class ByWorker extends Partitioner {
        private final int workers;

        ByWorker(int workers) {
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByWorker that && that.workers == workers;
        }

        @Override
        public int hashCode() {
            return workers;
        }
    }
}
