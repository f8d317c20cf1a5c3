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
        return strided(from, count(to - from, window), window.stride());
    }

    /**
     * The first rows of every window whose inputs fit in rows {@code [from, to)}, including the last
     * ones whose targets lie beyond {@code to}: what a forecast of the future is made from.
     */
    public static int[] inputStarts(int from, int to, WindowConfig window) {
        int rows = to - from;
        return strided(from, rows < window.length() ? 0 : (rows - window.length()) / window.stride() + 1,
                window.stride());
    }

    private static int[] strided(int from, int count, int stride) {
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = from + i * stride;
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
            return new ForecastWindow(start, inputs(start), (float) values[targetRow(start)][targetColumn],
                    (float) values[lastInputRow(start)][targetColumn]);
        }

        public float[][] inputs(int start) {
            float[][] inputs = new float[featureColumns.length][length];
            for (int f = 0; f < featureColumns.length; f++) {
                for (int s = 0; s < length; s++) {
                    inputs[f][s] = (float) values[start + s][featureColumns[f]];
                }
            }
            return inputs;
        }

        public int lastInputRow(int start) {
            return start + length - 1;
        }

        /** The row a window's target lies in; may be past the series for a forecast of the future. */
        public int targetRow(int start) {
            return lastInputRow(start) + horizon;
        }
    }
}
