package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Turns windows into DL4J arrays: features {@code [windows, features, steps]}, labels {@code [windows, 1]}. */
public final class WindowDataSets {
    private WindowDataSets() {
    }

    /** A one-example DataSet, the unit DL4J's Spark training batches from. */
    public static DataSet of(ForecastWindow window) {
        return new DataSet(features(List.<float[][]>of(window.inputs())),
                Nd4j.create(new float[]{window.label()}, new long[]{1, 1}, 'c'));
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
