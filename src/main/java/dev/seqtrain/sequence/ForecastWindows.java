package dev.seqtrain.sequence;

import dev.seqtrain.config.WindowConfig;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** Cuts rows {@code [from, to)} of a series into forecasting windows. */
public final class ForecastWindows {
    private ForecastWindows() {
    }

    /** How many windows fit in {@code rows} consecutive rows. */
    public static int count(int rows, WindowConfig window) {
        return rows < window.span() ? 0 : (rows - window.span()) / window.stride() + 1;
    }

    /** The first rows of the windows that fit in rows {@code [from, to)}. */
    public static int[] starts(int from, int to, WindowConfig window) {
        int[] starts = new int[count(to - from, window)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = from + i * window.stride();
        }
        return starts;
    }

    public static List<ForecastWindow> cut(Series series, int from, int to, WindowConfig window,
                                           List<String> features, String target) {
        Cutter cutter = new Cutter(series, window, features, target);
        return Arrays.stream(starts(from, to, window)).mapToObj(cutter::at).toList();
    }

    /**
     * Cuts single windows by their first row; serialisable, so Spark workers can cut windows from
     * a broadcast series instead of receiving every window from the driver. Plain fields only:
     * Spark's Kryo cannot serialise records.
     */
    public static final class Cutter implements Serializable {
        private final double[][] values;
        private final int[] featureColumns;
        private final int targetColumn;
        private final int length;
        private final int horizon;

        public Cutter(Series series, WindowConfig window, List<String> features, String target) {
            this.values = series.values();
            this.featureColumns = features.stream().mapToInt(series::column).toArray();
            this.targetColumn = series.column(target);
            this.length = window.length();
            this.horizon = window.horizon();
        }

        public ForecastWindow at(int start) {
            float[][] inputs = new float[featureColumns.length][length];
            for (int f = 0; f < featureColumns.length; f++) {
                for (int s = 0; s < length; s++) {
                    inputs[f][s] = (float) values[start + s][featureColumns[f]];
                }
            }
            int last = start + length - 1;
            return new ForecastWindow(start, inputs, (float) values[last + horizon][targetColumn],
                    (float) values[last][targetColumn]);
        }
    }
}
