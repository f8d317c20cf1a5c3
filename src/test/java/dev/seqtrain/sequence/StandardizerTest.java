package dev.seqtrain.sequence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StandardizerTest {
    private static Series series(double[]... rows) {
        return new Series("s", List.of("a", "b"), rows);
    }

    @Test
    void fitsMeanAndPopulationStdOfTheGivenRowsOnly() {
        Series s = series(new double[]{1, 5}, new double[]{3, 5}, new double[]{1000, -1000});
        Standardizer fitted = Standardizer.fit(s, 0, 2);
        assertArrayEquals(new double[]{2, 5}, fitted.mean(), 1e-12);
        assertArrayEquals(new double[]{1, 1}, fitted.std(), 1e-12, "a constant column gets std 1");
        Standardizer withOutlierChanged = Standardizer.fit(
                series(new double[]{1, 5}, new double[]{3, 5}, new double[]{-7, 7}), 0, 2);
        assertArrayEquals(fitted.mean(), withOutlierChanged.mean(), "rows after the fit range never leak in");
    }

    @Test
    void standardisedTrainingRowsHaveZeroMeanAndUnitStd() {
        double[][] rows = new double[500][];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = new double[]{1016 + Math.sin(t / 7.0), 3 * t};
        }
        Series scaled = Standardizer.fit(series(rows), 0, 500).apply(series(rows));
        Standardizer check = Standardizer.fit(scaled, 0, 500);
        assertArrayEquals(new double[]{0, 0}, check.mean(), 1e-9);
        assertArrayEquals(new double[]{1, 1}, check.std(), 1e-9);
    }

    @Test
    void invertMapsBackToOriginalUnits() {
        Series s = series(new double[]{10, 0}, new double[]{20, 1});
        Standardizer fitted = Standardizer.fit(s, 0, 2);
        double scaled = fitted.apply(s).values()[1][0];
        assertEquals(20, fitted.invert("a", scaled), 1e-12);
        assertEquals(5, fitted.std("a"), 1e-12);
    }
}
