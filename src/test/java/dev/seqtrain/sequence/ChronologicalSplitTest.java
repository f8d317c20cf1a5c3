package dev.seqtrain.sequence;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.WindowConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronologicalSplitTest {
    private static Series rows(int n) {
        double[][] values = new double[n][];
        for (int t = 0; t < n; t++) {
            values[t] = new double[]{t};
        }
        return new Series("rows.csv", List.of("t"), values);
    }

    @Test
    void lastFractionValidatesAndWindowsNeverCrossTheBoundary() {
        WindowConfig window = new WindowConfig(5, 1, 3);
        Series series = rows(100);
        ChronologicalSplit split = ChronologicalSplit.of(series, 0.2, window);
        assertEquals(80, split.boundary());
        List<ForecastWindow> train = ForecastWindows.cut(series, 0, split.boundary(), window, List.of("t"), "t");
        List<ForecastWindow> validation = ForecastWindows.cut(series, split.boundary(), 100, window, List.of("t"), "t");
        assertTrue(train.stream().allMatch(w -> w.target() < 80), "no training target in the validation period");
        assertTrue(validation.stream().allMatch(w -> w.inputs()[0][0] >= 80), "no validation input from training rows");
        assertEquals(80 - window.span() + 1, train.size());
        assertEquals(20 - window.span() + 1, validation.size());
    }

    @Test
    void tooShortPartIsAnErrorNamingTheFile() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ChronologicalSplit.of(rows(40), 0.1, new WindowConfig(5, 1, 3)));
        assertEquals("rows.csv: 40 rows split into 36 training and 4 validation rows; each part needs at least 8 "
                + "(window.length + window.horizon) for one window", e.getMessage());
    }
}
