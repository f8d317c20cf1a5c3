package dev.seqtrain.job;

import dev.seqtrain.model.LinearAutoregression;
import dev.seqtrain.model.SeasonalNaive;
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
 * last observed value), seasonal naive (the value a whole period earlier, when the job names a
 * period) and a linear autoregressive model on the window's own history, fitted by least squares on
 * the training windows. Many-to-many windows are compared at their last step, except persistence.
 */
final class Baselines {
    static final String PERSISTENCE = "persistence";
    static final String SEASONAL_NAIVE = "seasonal-naive";
    static final String LINEAR_AR = "linear-ar";

    private Baselines() {
    }

    /** @return per baseline, its errors per output, in original units */
    static Map<String, List<ErrorSummary>> evaluate(PreparedData data, int seasonalPeriod, int length) {
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
        int[] seasonalStep = new int[count];
        for (int o = 0; o < count; o++) {
            seasonalStep[o] = seasonalPeriod > 0 ? SeasonalNaive.sourceStep(length, seasonalPeriod, outputs.stepsAhead(o)) : -1;
        }
        boolean seasonal = Arrays.stream(seasonalStep).allMatch(step -> step >= 0);

        RegressionStats[][] stats = data.windows(WindowPart.VALIDATION).aggregate(
                new RegressionStats[][]{RegressionStats.array(count), RegressionStats.array(count), RegressionStats.array(count)},
                (acc, window) -> add(acc, window, coefficients, seasonal ? seasonalStep : null),
                (a, b) -> {
                    for (int baseline = 0; baseline < a.length; baseline++) {
                        RegressionStats.merge(a[baseline], b[baseline]);
                    }
                    return a;
                });
        Map<String, List<ErrorSummary>> baselines = new LinkedHashMap<>();
        baselines.put(PERSISTENCE, summaries(stats[0]));
        if (seasonal) {
            baselines.put(SEASONAL_NAIVE, summaries(stats[1]));
        }
        baselines.put(LINEAR_AR, summaries(stats[2]));
        return baselines;
    }

    private static RegressionStats[][] add(RegressionStats[][] acc, ForecastWindow window, double[][] coefficients,
                                           int[] seasonalStep) {
        for (int o = 0; o < coefficients.length; o++) {
            for (int s = 0; s < window.targets()[o].length; s++) {
                acc[0][o].add(window.persisted()[o][s], window.targets()[o][s]);
            }
            double target = last(window.targets()[o]);
            if (seasonalStep != null) {
                acc[1][o].add(window.history()[o][seasonalStep[o]], target);
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
