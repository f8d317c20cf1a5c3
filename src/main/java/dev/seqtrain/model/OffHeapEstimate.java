package dev.seqtrain.model;

import dev.seqtrain.config.CellType;

import java.util.Locale;

/**
 * A rough upper estimate of the native (off-heap) memory one training worker needs: ND4J keeps
 * parameters, gradients, updater state, activations and minibatches outside the Java heap, where
 * neither {@code -Xmx} nor Spark's executor memory covers them. A cluster manager that sees the
 * process exceed its container kills it; {@code spark.executor.memoryOverhead} must cover this.
 *
 * @param stateBytes      parameters, gradients, updater state and the copy averaging ships
 * @param activationBytes a minibatch's activations and their gradients through all steps
 * @param inputBytes      the minibatch being fitted (the shards of examples live on the Java heap)
 */
public record OffHeapEstimate(long stateBytes, long activationBytes, long inputBytes) {
    /** Workspaces and allocator slack on top of what the arrays hold. */
    static final double SLACK = 1.5;
    /**
     * Measured (scripts/bench-scaling, one task per executor): the JVM, Spark and ND4J take 200-220 MB
     * outside the heap before any model, and a worker took 2-7 times this estimate beyond that (ND4J's
     * caches, the engine's scratch, buffers JavaCPP frees only after a garbage collection).
     */
    static final long JVM_OVERHEAD = 256L << 20;
    static final int MEASURED_FACTOR = 8;
    /** Spark's own floor for the overhead. */
    static final long SPARK_MINIMUM = 384L << 20;

    /**
     * @param updaterSlots arrays per parameter the updater keeps (Adam 2, RMSProp and Nesterov 1, SGD 0)
     * @param activationsPerStep floats kept per example and step across the recurrent layers (forward and backward)
     */
    public static OffHeapEstimate of(long parameters, int updaterSlots, int batch, int steps, long activationsPerStep,
                                     int inputsPerStep) {
        long state = 4L * parameters * (3 + updaterSlots);
        long activations = 4L * batch * steps * activationsPerStep;
        long inputs = 4L * batch * steps * inputsPerStep;
        return new OffHeapEstimate(state, activations, inputs);
    }

    /** Floats per example and step a recurrent layer keeps for backprop, both directions when bidirectional. */
    public static long activationsPerStep(CellType cell, int hidden, boolean bidirectional) {
        long perDirection = cell.activationsPerStep(hidden);
        return bidirectional ? 2 * perDirection : perDirection;
    }

    public long totalBytes() {
        return (long) (SLACK * (stateBytes + activationBytes + inputBytes));
    }

    /**
     * The {@code spark.executor.memoryOverhead} to give an executor running {@code tasks} workers: the
     * rule that covered every executor measured, with a margin.
     */
    public long memoryOverheadBytes(int tasks) {
        return Math.max(SPARK_MINIMUM, JVM_OVERHEAD + (long) tasks * MEASURED_FACTOR * totalBytes());
    }

    public String describe(long limitBytes, int tasksPerExecutor) {
        return String.format(Locale.ROOT, "off-heap memory per worker: about %s (parameters and updater %s, "
                        + "activations %s, minibatches %s); ND4J may use %s in this JVM "
                        + "(-Dorg.bytedeco.javacpp.maxbytes); on a cluster give each executor of %d task(s) "
                        + "spark.executor.memoryOverhead >= %s", megabytes(totalBytes()), megabytes(stateBytes),
                megabytes(activationBytes), megabytes(inputBytes), megabytes(limitBytes), tasksPerExecutor,
                megabytes(memoryOverheadBytes(tasksPerExecutor)));
    }

    static String megabytes(long bytes) {
        return (bytes + (1L << 20) - 1 >> 20) + " MB";
    }
}
