package dev.seqtrain.train;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuccessiveHalvingTest {
    @Test
    void theBestTrialsOfARungGoOnAndFailedOnesNever() {
        assertEquals(List.of(2, 3), SuccessiveHalving.promote(List.of(0.3, Double.NaN, 0.1, 0.2), 2),
                "ceil(4 / 2) = 2 go on, best first; the failed trial is out");
        assertEquals(List.of(0, 4, 8), SuccessiveHalving.promote(List.of(0.1, 0.9, 0.8, 0.7, 0.2, 0.6, 0.5, 0.4, 0.3), 3));
        assertEquals(List.of(1), SuccessiveHalving.promote(List.of(Double.NaN, 0.5, Double.NaN, Double.NaN), 2),
                "fewer finished than the rung keeps: those that did");
        assertEquals(List.of(0), SuccessiveHalving.promote(List.of(0.2, 0.3), 3), "at least one goes on");
        assertEquals(List.of(), SuccessiveHalving.promote(Collections.nCopies(3, Double.NaN), 3), "none finished");
    }
}
