package dev.seqtrain.train;

import org.apache.spark.api.java.JavaRDD;

import java.util.List;

/** Spark glue: how many elements each partition of an RDD holds, for balance reports. */
public final class PartitionCounts {
    private PartitionCounts() {
    }

    public static long[] of(JavaRDD<?> rdd) {
        return rdd.mapPartitions(elements -> {
            long count = 0;
            for (; elements.hasNext(); elements.next()) {
                count++;
            }
            return List.of(count).iterator();
        }).collect().stream().mapToLong(Long::longValue).toArray();
    }
}
