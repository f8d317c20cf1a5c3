package dev.seqtrain.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateDecisionTest {
    @Test
    void promotesWithinTheToleranceOnly() {
        assertTrue(GateDecision.decide("2026-11-26", true, "r1", 1.0, 1.0, 0.0).promoted(), "equal is not worse");
        assertTrue(GateDecision.decide("2026-11-26", true, "r1", 1.019, 1.0, 0.02).promoted());
        GateDecision worse = GateDecision.decide("2026-11-26", true, "r1", 1.021, 1.0, 0.02);
        assertFalse(worse.promoted());
        assertEquals("new RMSE 1.0210 > 1.0200 = current 1.0000 x (1 + 0.020)", worse.reason());
    }

    @Test
    void theFirstModelIsPromoted() {
        GateDecision first = GateDecision.decide("2026-11-26", false, null, 5.0, Double.NaN, 0.02);
        assertTrue(first.promoted());
        assertNull(first.currentRmse(), "no current model, no RMSE: absent, not NaN");
    }
}
