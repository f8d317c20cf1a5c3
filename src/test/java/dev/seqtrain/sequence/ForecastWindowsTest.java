package dev.seqtrain.sequence;

import dev.seqtrain.config.WindowConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastWindowsTest {
    /** Column 0 holds the row index and column 1 ten times it, so every value says where it came from. */
    private static Series indexed(int rows) {
        double[][] values = new double[rows][];
        for (int t = 0; t < rows; t++) {
            values[t] = new double[]{t, 10.0 * t};
        }
        return new Series("indexed", List.of("t", "ten"), values);
    }

    @Test
    void cutsTheDocumentedWindows() {
        List<ForecastWindow> windows = ForecastWindows.cut(indexed(10), 0, 10, new WindowConfig(3, 2, 2),
                List.of("ten", "t"), "t");
        // span 5: starts 0, 2, 4 fit in 10 rows (the window at 6 would need row 10)
        assertEquals(List.of(0, 2, 4), windows.stream().map(ForecastWindow::start).toList());
        ForecastWindow second = windows.get(1);
        assertEquals(List.of(20f, 30f, 40f), List.of(second.inputs()[0][0], second.inputs()[0][1], second.inputs()[0][2]));
        assertEquals(List.of(2f, 3f, 4f), List.of(second.inputs()[1][0], second.inputs()[1][1], second.inputs()[1][2]));
        assertEquals(6f, second.target(), "two steps after the last input step (4)");
        assertEquals(4f, second.lastObserved());
    }

    @Test
    void everyWindowMatchesTheSeriesForRandomShapes() {
        Random random = new Random(20261127);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(80);
            int from = random.nextInt(rows);
            int to = from + random.nextInt(rows - from + 1);
            WindowConfig window = new WindowConfig(1 + random.nextInt(12), 1 + random.nextInt(5), 1 + random.nextInt(6));
            List<ForecastWindow> windows = ForecastWindows.cut(indexed(rows), from, to, window, List.of("t"), "t");

            int expected = 0;
            for (int start = from; start + window.span() <= to; start += window.stride()) {
                ForecastWindow w = windows.get(expected++);
                assertEquals(start, w.start());
                for (int s = 0; s < window.length(); s++) {
                    assertEquals(start + s, w.inputs()[0][s]);
                }
                assertEquals(start + window.length() - 1 + window.horizon(), w.target());
                assertTrue(w.target() < to, "a target never lies past the part it was cut from");
            }
            assertEquals(expected, windows.size(), "no extra windows");
            assertEquals(expected, ForecastWindows.count(to - from, window));
        }
    }
}
