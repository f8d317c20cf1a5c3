package dev.seqtrain.job;

import dev.seqtrain.model.LinearAutoregression;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.RegressionStats;
import dev.seqtrain.sequence.ForecastOutputs;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.WindowPart;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The honest baselines a forecaster must beat, on the same validation windows: persistence (the
 * last observed value), seasonal naive (the value a whole period earlier in the series, however far
 * before the window that lies, when the job names a period) and a linear autoregressive model on the
 * window's own history, fitted by least squares on the training windows. Many-to-many windows are
 * compared at their last step, except persistence. A baseline that cannot be computed on every
 * validation window is reported missing, with the reason, never silently dropped.
 */
final class Baselines {
    static final String PERSISTENCE = "persistence";
    static final String SEASONAL_NAIVE = "seasonal-naive";
    static final String LINEAR_AR = "linear-ar";

    private Baselines() {
    }

    /**
     * The baselines' errors on the validation windows.
     *
     * @param errors  per baseline, its errors per output, in original units
     * @param missing baselines the job asks for that could not be computed on every validation window, and why
     */
    record Evaluated(Map<String, List<ErrorSummary>> errors, Map<String, String> missing) {
    }

    static Evaluated evaluate(PreparedData data, int seasonalPeriod, int length) {
        ForecastOutputs outputs = data.outputs();
        int count = outputs.count();
        LinearAutoregression[] fits = data.windows(WindowPart.TRAIN).aggregate(autoregressions(count, length),
                (acc, window) -> {
                    for (int o = 0; o < count; o++) {
                        acc[o].add(window.history()[o], last(window.targets()[o]));
                    }
                    return acc;
                }, (a, b) -> {
                    for (int o = 0; o < count; o++) {
                        a[o].merge(b[o]);
                    }
                    return a;
                });
        double[][] coefficients = Arrays.stream(fits).map(LinearAutoregression::solve).toArray(double[][]::new);

        // The fourth row counts, per output, the windows with no value a period earlier in their series.
        RegressionStats[][] stats = data.windows(WindowPart.VALIDATION).aggregate(
                new RegressionStats[][]{RegressionStats.array(count), RegressionStats.array(count),
                        RegressionStats.array(count), RegressionStats.array(count)},
                (acc, window) -> add(acc, window, coefficients),
                (a, b) -> {
                    for (int baseline = 0; baseline < a.length; baseline++) {
                        RegressionStats.merge(a[baseline], b[baseline]);
                    }
                    return a;
                });
        Map<String, List<ErrorSummary>> baselines = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        baselines.put(PERSISTENCE, summaries(stats[0]));
        if (seasonalPeriod > 0) {
            long uncovered = Arrays.stream(stats[3]).mapToLong(RegressionStats::count).max().orElse(0);
            long windows = stats[2].length == 0 ? 0 : stats[2][0].count();
            if (uncovered == 0 && windows > 0) {
                baselines.put(SEASONAL_NAIVE, summaries(stats[1]));
            } else {
                missing.put(SEASONAL_NAIVE, uncovered + " of " + windows + " validation windows have no value "
                        + seasonalPeriod + " steps (baselines.seasonal-period) or a whole number of periods before "
                        + "their target in their series: it starts too late");
            }
        }
        baselines.put(LINEAR_AR, summaries(stats[2]));
        return new Evaluated(baselines, missing);
    }

    private static RegressionStats[][] add(RegressionStats[][] acc, ForecastWindow window, double[][] coefficients) {
        for (int o = 0; o < coefficients.length; o++) {
            for (int s = 0; s < window.targets()[o].length; s++) {
                acc[0][o].add(window.persisted()[o][s], window.targets()[o][s]);
            }
            double target = last(window.targets()[o]);
            double seasonal = window.seasonal()[o];
            if (Double.isNaN(seasonal)) {
                acc[3][o].add(0, 0);
            } else {
                acc[1][o].add(seasonal, target);
            }
            acc[2][o].add(LinearAutoregression.predict(coefficients[o], window.history()[o]), target);
        }
        return acc;
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }

    private static LinearAutoregression[] autoregressions(int count, int lags) {
        LinearAutoregression[] fits = new LinearAutoregression[count];
        for (int o = 0; o < count; o++) {
            fits[o] = new LinearAutoregression(lags);
        }
        return fits;
    }

    private static List<ErrorSummary> summaries(RegressionStats[] stats) {
        return Arrays.stream(stats).map(RegressionStats::summary).toList();
    }

    /** The baseline with the lowest mean RMSE. */
    static String best(Map<String, List<ErrorSummary>> baselines) {
        return baselines.entrySet().stream()
                .min((a, b) -> Double.compare(ErrorSummary.mean(a.getValue()).rmse(), ErrorSummary.mean(b.getValue()).rmse()))
                .orElseThrow().getKey();
    }
}
