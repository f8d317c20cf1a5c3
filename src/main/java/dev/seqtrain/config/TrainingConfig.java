package dev.seqtrain.config;

/**
 * How the network is trained with parameter averaging.
 *
 * @param workers 0 to use Spark's default parallelism
 */
public record TrainingConfig(int epochs, double learningRate, int batchSizePerWorker,
                             int averagingFrequency, int workers, int prefetchBatches, long seed) {
}
