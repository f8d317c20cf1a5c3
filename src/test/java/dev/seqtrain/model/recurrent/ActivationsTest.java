package dev.seqtrain.model.recurrent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {
    @Test
    void floatTanhAndSigmoidAreWithinAFewFloatRoundingsEverywhere() {
        double tanhError = 0;
        double sigmoidError = 0;
        for (float x = -40f; x <= 40f; x += 1e-3f) {
            tanhError = Math.max(tanhError, Math.abs(Activations.tanh(x) - Math.tanh(x)));
            sigmoidError = Math.max(sigmoidError, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        // A float near 1 is rounded to 6e-8; these stay within about six such roundings.
        assertTrue(tanhError < 4e-7, "tanh error " + tanhError);
        assertTrue(sigmoidError < 2.5e-7, "sigmoid error " + sigmoidError);
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(1f, Activations.tanh(1e6f));
        assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY));
    }

    @Test
    void doublesAreExact() {
        assertEquals(Math.tanh(0.3), Activations.tanh(0.3));
        assertEquals(1 / (1 + Math.exp(2.5)), Activations.sigmoid(-2.5));
    }
}
