package dev.seqtrain.config;

/**
 * How the network is trained with parameter averaging.
 *
 * @param learningRateDecay multiplies the learning rate after every epoch; 1 keeps it constant
 * @param workers           0 to use Spark's default parallelism
 */
public record TrainingConfig(int epochs, double learningRate, double learningRateDecay, int batchSizePerWorker,
                             int averagingFrequency, int workers, int prefetchBatches, long seed) {
    public TrainingConfig(int epochs, double learningRate, int batchSizePerWorker, int averagingFrequency, int workers,
                          int prefetchBatches, long seed) {
        this(epochs, learningRate, 1.0, batchSizePerWorker, averagingFrequency, workers, prefetchBatches, seed);
    }
}
