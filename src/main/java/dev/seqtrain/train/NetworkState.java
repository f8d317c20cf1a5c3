package dev.seqtrain.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * What the driver sends the workers each averaging round: the averaged parameters and updater state
 * as plain arrays (never a live ND4J array: Spark closes a broadcast's AutoCloseable value when it
 * cleans the broadcast up), and the iteration and epoch counts Adam's bias correction and
 * learning-rate schedules read.
 */
final class NetworkState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] parameters;
    private final float[] updater;
    private final int iteration;
    private final int epoch;

    private NetworkState(float[] parameters, float[] updater, int iteration, int epoch) {
        this.parameters = parameters;
        this.updater = updater;
        this.iteration = iteration;
        this.epoch = epoch;
    }

    static NetworkState of(MultiLayerNetwork network) {
        if (network.params().dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameter averaging trains float networks, not "
                    + network.params().dataType());
        }
        INDArray updater = updaterState(network);
        return new NetworkState(NdArrays.values(network.params()), updater == null ? null : NdArrays.values(updater),
                network.getIterationCount(), network.getEpochCount());
    }

    /** The updater's state (Adam's moments), or null for a stateless updater such as SGD. */
    static INDArray updaterState(MultiLayerNetwork network) {
        INDArray state = network.getUpdater(true).getStateViewArray();
        return state == null || state.isEmpty() ? null : state;
    }

    /** Makes {@code network} (a worker's copy) continue from this state. */
    void applyTo(MultiLayerNetwork network) {
        network.params().assign(Nd4j.create(parameters, network.params().shape(), 'c'));
        INDArray state = updaterState(network);
        if (state != null) {
            state.assign(Nd4j.create(updater, state.shape(), 'c'));
        }
        setCounts(network, iteration, epoch);
    }

    /** Sets the counts on the network and on every layer, where schedules read them. */
    static void setCounts(MultiLayerNetwork network, int iteration, int epoch) {
        network.setIterationCount(iteration);
        network.setEpochCount(epoch);
        for (Layer layer : network.getLayers()) {
            layer.setIterationCount(iteration);
            layer.setEpochCount(epoch);
        }
    }
}
