package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Which partition each chunk goes to: contiguous runs of chunks holding about the same number of
 * windows, so every worker gets its share of windows, not of rows, and windows stay in order.
 * Deterministic: the same chunks always give the same plan.
 */
public final class PartitionPlan implements Serializable {
    private static final int CHUNKS_PER_PARTITION = 32;

    private final long[] firstChunk;
    private final long[] windows;

    private PartitionPlan(long[] firstChunk, long[] windows) {
        this.firstChunk = firstChunk;
        this.windows = windows;
    }

    /**
     * Cuts the chunks into {@code partitions} runs: a run closes where the running total of windows
     * comes closest to its share.
     */
    public static PartitionPlan balance(long[] windowsPerChunk, int partitions) {
        long total = Arrays.stream(windowsPerChunk).sum();
        long[] firstChunk = new long[partitions];
        long[] windows = new long[partitions];
        int partition = 0;
        long assigned = 0;
        for (int chunk = 0; chunk < windowsPerChunk.length; chunk++) {
            while (partition < partitions - 1 && windows[partition] > 0) {
                long share = Math.round((double) total * (partition + 1) / partitions);
                boolean closerWithout = Math.abs(assigned - share) < Math.abs(assigned + windowsPerChunk[chunk] - share);
                if (!closerWithout) {
                    break;
                }
                partition++;
                firstChunk[partition] = chunk;
            }
            windows[partition] += windowsPerChunk[chunk];
            assigned += windowsPerChunk[chunk];
        }
        for (int p = partition + 1; p < partitions; p++) {
            firstChunk[p] = windowsPerChunk.length;
        }
        return new PartitionPlan(firstChunk, windows);
    }

    /**
     * Rows per chunk: the configured bound, lowered so each partition gets {@value #CHUNKS_PER_PARTITION}
     * chunks to balance with, but never below one window's span.
     */
    public static long chunkRows(long rows, int partitions, int configured, int span) {
        long chunks = (long) partitions * CHUNKS_PER_PARTITION;
        long forBalance = (rows + chunks - 1) / chunks;
        return Math.max(span, Math.min(configured, forBalance));
    }

    public int partitions() {
        return firstChunk.length;
    }

    public int partitionOf(long chunk) {
        int found = Arrays.binarySearch(firstChunk, chunk);
        if (found < 0) {
            return -found - 2;
        }
        while (found + 1 < firstChunk.length && firstChunk[found + 1] == chunk) {
            found++;
        }
        return found;
    }

    /** Planned windows per partition. */
    public long[] windows() {
        return windows.clone();
    }
}
