package dev.seqtrain.config;

/**
 * How the network is trained with parameter averaging.
 *
 * @param learningRateDecay   multiplies the learning rate after every epoch; 1 keeps it constant
 * @param workers             0 to use Spark's default parallelism
 * @param patience            stop after this many epochs without a better validation RMSE; 0 never stops early
 * @param minDelta            how much lower the validation RMSE must be to count as better
 * @param keepBest            publish the epoch with the best validation RMSE rather than the last
 * @param export              DL4J's Export approach (minibatches written to the run's folder) instead of Direct
 * @param repartition         DL4J's repartition policy: never, always or num-partitions-workers-differ
 * @param repartitionStrategy balanced, approximate-balanced or spark-default
 * @param storageLevel        how Spark keeps the training windows, e.g. MEMORY_ONLY_SER
 * @param collectStats        collect DL4J's SparkTrainingStats: an HTML timeline per epoch under the run
 */
public record TrainingConfig(int epochs, double learningRate, double learningRateDecay, int batchSizePerWorker,
                             int averagingFrequency, int workers, int prefetchBatches, long seed, int patience,
                             double minDelta, boolean keepBest, boolean export, String repartition,
                             String repartitionStrategy, String storageLevel, boolean collectStats) {
    public TrainingConfig(int epochs, double learningRate, int batchSizePerWorker, int averagingFrequency, int workers,
                          int prefetchBatches, long seed) {
        this(epochs, learningRate, 1.0, batchSizePerWorker, averagingFrequency, workers, prefetchBatches, seed, 0, 0,
                true, false, "num-partitions-workers-differ", "balanced", "MEMORY_ONLY_SER", false);
    }

    public TrainingConfig withCollectStats(boolean collect) {
        return new TrainingConfig(epochs, learningRate, learningRateDecay, batchSizePerWorker, averagingFrequency, workers,
                prefetchBatches, seed, patience, minDelta, keepBest, export, repartition, repartitionStrategy,
                storageLevel, collect);
    }
}
