package dev.seqtrain.config;

import java.time.Duration;

/**
 * How the network is trained with parameter averaging.
 *
 * @param learningRateDecay  multiplies the learning rate after every epoch; 1 keeps it constant
 * @param workers            0 to use Spark's default parallelism
 * @param patience           stop after this many epochs without a better validation RMSE; 0 never stops early
 * @param minDelta           how much lower the validation RMSE must be to count as better
 * @param keepBest           publish the epoch with the best validation RMSE rather than the last
 * @param storageLevel       how Spark keeps the workers' shards: MEMORY_ONLY or MEMORY_AND_DISK (deserialised)
 * @param collectStats       each epoch's averaging rounds as JSON under the run, and a log line of where the time went
 * @param stallTimeout       a Spark action none of whose tasks finishes for this long is cancelled and fails the run
 */
public record TrainingConfig(int epochs, double learningRate, double learningRateDecay, int batchSizePerWorker,
                             int averagingFrequency, int workers, long seed, int patience, double minDelta,
                             boolean keepBest, String storageLevel, boolean collectStats, Duration stallTimeout) {
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofMinutes(15);

    /** The given essentials with seqtrain's defaults for the rest. */
    public TrainingConfig(int epochs, double learningRate, int batchSizePerWorker, int averagingFrequency, int workers,
                          long seed) {
        this(epochs, learningRate, 1.0, batchSizePerWorker, averagingFrequency, workers, seed, 0, 0, true,
                "MEMORY_AND_DISK", false, DEFAULT_STALL_TIMEOUT);
    }

    public TrainingConfig withCollectStats(boolean collect) {
        return new TrainingConfig(epochs, learningRate, learningRateDecay, batchSizePerWorker, averagingFrequency, workers,
                seed, patience, minDelta, keepBest, storageLevel, collect, stallTimeout);
    }
}
