package dev.seqtrain.train;

import dev.seqtrain.report.TrainingStats;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The workers' results of one averaging round, summed on the way to the driver: parameters and
 * updater state weighted by the examples each worker fitted, the loss, and what each worker did.
 * A plain class: Spark's Kryo cannot serialise records.
 */
final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] parameters;
    private final float[] updater;
    private long examples;
    private double lossSum;
    private int mostMinibatches;
    /** Per worker: partition, minibatches, examples, fit seconds (plain arrays: Kryo cannot serialise records). */
    private final List<double[]> workers;

    private RoundResult(float[] parameters, float[] updater, long examples, double lossSum, int mostMinibatches,
                        List<double[]> workers) {
        this.parameters = parameters;
        this.updater = updater;
        this.examples = examples;
        this.lossSum = lossSum;
        this.mostMinibatches = mostMinibatches;
        this.workers = workers;
    }

    /** A worker's network after its minibatches, weighted by the {@code examples} it fitted. */
    static RoundResult of(MultiLayerNetwork network, TrainingStats.Worker work, double lossSum) {
        INDArray state = NetworkState.updaterState(network);
        return new RoundResult(scaled(NdArrays.values(network.params()), work.examples()),
                state == null ? null : scaled(NdArrays.values(state), work.examples()), work.examples(), lossSum,
                work.minibatches(), new ArrayList<>(List.<double[]>of(new double[]{work.partition(), work.minibatches(),
                        work.examples(), work.fitSeconds()})));
    }

    /** Adds {@code other} into this one (Spark's reduce may reuse its first argument). */
    RoundResult add(RoundResult other) {
        addInto(parameters, other.parameters);
        if (updater != null) {
            addInto(updater, other.updater);
        }
        examples += other.examples;
        lossSum += other.lossSum;
        mostMinibatches = Math.max(mostMinibatches, other.mostMinibatches);
        workers.addAll(other.workers);
        return this;
    }

    private static void addInto(float[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    /**
     * Sets {@code network} to the average of the workers' parameters and updater states, each
     * weighted by its examples (DL4J's plain mean whenever the workers fitted equal minibatches, as
     * they do in every round but an epoch's last), and moves its iteration count on by the most
     * minibatches any worker fitted, as one worker fitting them alone would have.
     */
    void averageInto(MultiLayerNetwork network, int iterationBefore) {
        network.params().assign(Nd4j.create(scaled(parameters, 1.0 / examples), network.params().shape(), 'c'));
        INDArray state = NetworkState.updaterState(network);
        if (state != null) {
            state.assign(Nd4j.create(scaled(updater, 1.0 / examples), state.shape(), 'c'));
        }
        NetworkState.setCounts(network, iterationBefore + mostMinibatches, network.getEpochCount());
    }

    private static float[] scaled(float[] values, double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] * factor);
        }
        return values;
    }

    long examples() {
        return examples;
    }

    double lossSum() {
        return lossSum;
    }

    List<TrainingStats.Worker> workers() {
        return workers.stream().map(w -> new TrainingStats.Worker((int) w[0], (int) w[1], (long) w[2], w[3])).toList();
    }
}
