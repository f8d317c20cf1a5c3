package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindow;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;


/** Turns windows into DL4J's one-example {@link DataSet}s: features {@code [1, features, steps]}, label {@code [1, 1]}. */
public final class WindowDataSets {
    private WindowDataSets() {
    }

    public static DataSet of(ForecastWindow window) {
        int features = window.inputs().length;
        int steps = window.inputs()[0].length;
        float[] flat = new float[features * steps];
        for (int f = 0; f < features; f++) {
            System.arraycopy(window.inputs()[f], 0, flat, f * steps, steps);
        }
        return new DataSet(Nd4j.create(flat, new long[]{1, features, steps}, 'c'),
                Nd4j.create(new float[]{window.target()}, new long[]{1, 1}, 'c'));
    }
}
