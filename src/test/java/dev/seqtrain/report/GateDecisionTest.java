package dev.seqtrain.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateDecisionTest {
    private static GateDecision rmse(double candidate, double current, double tolerance) {
        return GateDecision.decide("2026-11-26", true, "r1", Score.rmse(candidate), Score.rmse(current), tolerance);
    }

    private static GateDecision f1(double candidate, double current, double tolerance) {
        return GateDecision.decide("2026-11-26", true, "r1", Score.macroF1(candidate), Score.macroF1(current), tolerance);
    }

    @Test
    void aFallingMetricPromotesWithinTheToleranceOnly() {
        assertTrue(rmse(1.0, 1.0, 0.0).promoted(), "equal is not worse");
        assertTrue(rmse(1.019, 1.0, 0.02).promoted());
        GateDecision worse = rmse(1.021, 1.0, 0.02);
        assertFalse(worse.promoted());
        assertEquals("new RMSE 1.0210 > 1.0200 = current 1.0000 x (1 + 0.020)", worse.reason());
    }

    @Test
    void aRisingMetricPromotesWithinTheToleranceOnly() {
        assertTrue(f1(0.80, 0.80, 0.0).promoted(), "equal is not worse");
        assertTrue(f1(0.79, 0.80, 0.02).promoted(), "0.79 >= 0.784");
        GateDecision worse = f1(0.78, 0.80, 0.02);
        assertFalse(worse.promoted());
        assertEquals("new macro F1 0.7800 < 0.7840 = current 0.8000 x (1 - 0.020)", worse.reason());
        assertTrue(f1(0.95, 0.80, 0.0).promoted(), "a higher F1 is better");
    }

    @Test
    void theFirstModelIsPromoted() {
        GateDecision first = GateDecision.decide("2026-11-26", false, null, Score.bitsPerCharacter(5.0), null, 0.02);
        assertTrue(first.promoted());
        assertEquals("bits/char", first.metric());
        assertNull(first.current(), "no current model, no score: absent, not NaN");
    }
}
