package dev.seqtrain.model;

import dev.seqtrain.sequence.SeasonalNaive;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The forecasting baselines against hand-computed values. */
class BaselinesTest {
    @Test
    void autoregressionRecoversTheProcessThatMadeTheData() {
        // y(t) = 1 + 0.25 y(t-2) + 0.5 y(t-1): history [y(t-2), y(t-1)] predicts y(t).
        double[] y = new double[500];
        Random random = new Random(1);
        y[0] = random.nextDouble();
        y[1] = random.nextDouble();
        for (int t = 2; t < y.length; t++) {
            y[t] = 1 + 0.25 * y[t - 2] + 0.5 * y[t - 1] + (t % 7 == 0 ? 0.01 : -0.002);
        }
        LinearAutoregression first = new LinearAutoregression(2);
        LinearAutoregression second = new LinearAutoregression(2);
        LinearAutoregression all = new LinearAutoregression(2);
        for (int t = 2; t < y.length; t++) {
            double[] history = {y[t - 2], y[t - 1]};
            (t < 250 ? first : second).add(history, y[t]);
            all.add(history, y[t]);
        }
        double[] coefficients = first.merge(second).solve();
        assertArrayEquals(all.solve(), coefficients, 1e-9, "merging equals one pass");
        assertEquals(498, first.examples());
        assertEquals(0.25, coefficients[1], 0.05);
        assertEquals(0.5, coefficients[2], 0.05);
        assertEquals(y[499], LinearAutoregression.predict(coefficients, new double[]{y[497], y[498]}), 0.01);
    }

    @Test
    void autoregressionOfAConstantHistoryStillSolves() {
        LinearAutoregression fit = new LinearAutoregression(3);
        for (int i = 0; i < 10; i++) {
            fit.add(new double[]{2, 2, 2}, 5);
        }
        assertEquals(5, LinearAutoregression.predict(fit.solve(), new double[]{2, 2, 2}), 1e-3);
    }

    @Test
    void seasonalNaiveReachesBackWholePeriodsIntoTheSeries() {
        // A window of rows 0..23 (its last step is row 23).
        assertEquals(5, SeasonalNaive.sourceRow(23, 6, 24), "6 h ahead: the same hour yesterday, row 5");
        assertEquals(23, SeasonalNaive.sourceRow(23, 24, 24), "a day ahead: the last step");
        assertEquals(5, SeasonalNaive.sourceRow(23, 30, 24), "30 h ahead: two days back");
        assertEquals(-7, SeasonalNaive.sourceRow(11, 6, 24), "a 12-step window reaches back 18 steps before it");
        assertEquals(100 - 336 + 48, SeasonalNaive.sourceRow(100, 48, 336), "a week back, half-hourly");
    }
}
