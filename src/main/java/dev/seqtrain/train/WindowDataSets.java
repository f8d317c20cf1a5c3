package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Turns windows into DL4J arrays: features {@code [windows, features, steps]}. */
public final class WindowDataSets {
    private WindowDataSets() {
    }

    /**
     * A one-example DataSet, the unit DL4J's Spark training batches from: labels {@code [1, outputs]},
     * or {@code [1, outputs, steps]} for a many-to-many ({@code sequence}) window.
     */
    public static DataSet of(ForecastWindow window, boolean sequence) {
        float[][] labels = window.labels();
        int steps = labels[0].length;
        float[] flat = new float[labels.length * steps];
        for (int o = 0; o < labels.length; o++) {
            System.arraycopy(labels[o], 0, flat, o * steps, steps);
        }
        long[] shape = sequence ? new long[]{1, labels.length, steps} : new long[]{1, labels.length};
        return new DataSet(features(List.<float[][]>of(window.inputs())), Nd4j.create(flat, shape, 'c'));
    }

    /** Stacks windows' {@code inputs[feature][step]} into one features array. */
    public static INDArray features(List<float[][]> windows) {
        int features = windows.get(0).length;
        int steps = windows.get(0)[0].length;
        float[] flat = new float[windows.size() * features * steps];
        int offset = 0;
        for (float[][] window : windows) {
            for (float[] feature : window) {
                System.arraycopy(feature, 0, flat, offset, steps);
                offset += steps;
            }
        }
        return Nd4j.create(flat, new long[]{windows.size(), features, steps}, 'c');
    }
}
