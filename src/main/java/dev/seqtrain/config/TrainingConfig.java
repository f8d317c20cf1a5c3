package dev.seqtrain.config;

/**
 * How the network is trained with parameter averaging.
 *
 * @param learningRateDecay multiplies the learning rate after every epoch; 1 keeps it constant
 * @param workers           0 to use Spark's default parallelism
 * @param patience          stop after this many epochs without a better validation RMSE; 0 never stops early
 * @param minDelta          how much lower the validation RMSE must be to count as better
 * @param keepBest          publish the epoch with the best validation RMSE rather than the last
 */
public record TrainingConfig(int epochs, double learningRate, double learningRateDecay, int batchSizePerWorker,
                             int averagingFrequency, int workers, int prefetchBatches, long seed, int patience,
                             double minDelta, boolean keepBest) {
    public TrainingConfig(int epochs, double learningRate, int batchSizePerWorker, int averagingFrequency, int workers,
                          int prefetchBatches, long seed) {
        this(epochs, learningRate, 1.0, batchSizePerWorker, averagingFrequency, workers, prefetchBatches, seed, 0, 0,
                true);
    }
}
