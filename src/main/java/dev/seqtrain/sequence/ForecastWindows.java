package dev.seqtrain.sequence;

import dev.seqtrain.config.WindowConfig;

import java.util.ArrayList;
import java.util.List;

/** Cuts rows {@code [from, to)} of a series into forecasting windows. */
public final class ForecastWindows {
    private ForecastWindows() {
    }

    /** How many windows fit in {@code rows} consecutive rows. */
    public static int count(int rows, WindowConfig window) {
        return rows < window.span() ? 0 : (rows - window.span()) / window.stride() + 1;
    }

    public static List<ForecastWindow> cut(Series series, int from, int to, WindowConfig window,
                                           List<String> features, String target) {
        int[] featureColumns = features.stream().mapToInt(series::column).toArray();
        int targetColumn = series.column(target);
        int n = count(to - from, window);
        List<ForecastWindow> windows = new ArrayList<>(n);
        double[][] values = series.values();
        for (int i = 0; i < n; i++) {
            int start = from + i * window.stride();
            float[][] inputs = new float[featureColumns.length][window.length()];
            for (int f = 0; f < featureColumns.length; f++) {
                for (int s = 0; s < window.length(); s++) {
                    inputs[f][s] = (float) values[start + s][featureColumns[f]];
                }
            }
            int last = start + window.length() - 1;
            windows.add(new ForecastWindow(start, inputs,
                    (float) values[last + window.horizon()][targetColumn],
                    (float) values[last][targetColumn]));
        }
        return windows;
    }
}
