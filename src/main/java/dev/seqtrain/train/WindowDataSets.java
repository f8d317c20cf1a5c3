package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Iterator;
import java.util.List;

/** Turns windows into DL4J arrays: features {@code [windows, features, steps]}. */
public final class WindowDataSets {
    private WindowDataSets() {
    }

    /**
     * A shard of windows: features {@code [features, steps]} each, labels {@code [outputs]}, or
     * {@code [outputs, steps]} for a many-to-many ({@code sequence}) window.
     */
    public static ArrayShard shard(Iterator<ForecastWindow> windows, boolean sequence) {
        ArrayShard.Builder shard = null;
        while (windows.hasNext()) {
            ForecastWindow window = windows.next();
            float[][] inputs = window.inputs();
            float[][] labels = window.labels();
            if (shard == null) {
                shard = new ArrayShard.Builder(new long[]{inputs.length, inputs[0].length},
                        sequence ? new long[]{labels.length, labels[0].length} : new long[]{labels.length});
            }
            shard.add(flat(inputs), flat(labels), null, null);
        }
        return shard == null ? new ArrayShard.Builder(new long[0], new long[0]).build() : shard.build();
    }

    private static float[] flat(float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return flat;
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
