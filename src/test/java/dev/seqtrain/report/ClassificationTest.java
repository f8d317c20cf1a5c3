package dev.seqtrain.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClassificationTest {
    @Test
    void alwaysAnsweringOneLabelKeepsTheActualCounts() {
        long[][] model = {{3, 1, 0}, {0, 2, 2}, {1, 0, 1}};
        long[][] constant = Classification.alwaysPredicting(1, model);
        assertArrayEquals(new long[][]{{0, 4, 0}, {0, 4, 0}, {0, 2, 0}}, constant);
        Classification majority = Classification.of(List.of("a", "b", "c"), constant);
        assertEquals(4.0 / 10, majority.accuracy(), 1e-12);
        // Only b has an F1: precision 4/10, recall 1, F1 = 2·0.4/1.4; macro over three labels.
        assertEquals(2 * 0.4 / 1.4 / 3, majority.f1(), 1e-12);
    }
}
