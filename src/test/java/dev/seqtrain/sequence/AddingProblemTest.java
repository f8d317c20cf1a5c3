package dev.seqtrain.sequence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddingProblemTest {
    private static final long SEED = 42;

    @Test
    void targetIsTheSumOfTheTwoMarkedValuesOneMarkerInEachHalf() {
        for (int length : new int[]{2, 3, 7, 50, 101}) {
            for (long index = 0; index < 200; index++) {
                AddingProblem.Example example = AddingProblem.example(SEED, index, length);
                assertEquals(length, example.length());
                assertTrue(example.first() >= 0 && example.first() < length / 2, "first marker in the first half");
                assertTrue(example.second() >= length / 2 && example.second() < length, "second marker in the second half");
                assertEquals(example.values()[example.first()] + example.values()[example.second()], example.target());
                for (float value : example.values()) {
                    assertTrue(value >= 0 && value < 1);
                }
            }
        }
    }

    @Test
    void batchIsNcwInCOrderWithExactlyTwoMarkersPerSequence() {
        int size = 5;
        int length = 9;
        AddingProblem.Batch batch = AddingProblem.batch(SEED, 100, size, length);
        assertArrayEquals(new long[]{size, AddingProblem.FEATURES, length}, batch.featureShape());
        assertArrayEquals(new long[]{size, 1}, batch.targetShape());
        assertEquals(size * AddingProblem.FEATURES * length, batch.features().length);
        for (int b = 0; b < size; b++) {
            AddingProblem.Example example = AddingProblem.example(SEED, 100 + b, length);
            float markedSum = 0;
            int markers = 0;
            for (int t = 0; t < length; t++) {
                float value = batch.features()[(b * AddingProblem.FEATURES) * length + t];
                float marker = batch.features()[(b * AddingProblem.FEATURES + 1) * length + t];
                assertEquals(example.values()[t], value);
                assertTrue(marker == 0 || marker == 1);
                if (marker == 1) {
                    markers++;
                    markedSum += value;
                }
            }
            assertEquals(2, markers);
            assertEquals(example.target(), markedSum);
            assertEquals(example.target(), batch.targets()[b]);
        }
    }

    @Test
    void sameSeedAndIndexGiveTheSameExampleAndOthersDiffer() {
        AddingProblem.Example example = AddingProblem.example(SEED, 7, 50);
        AddingProblem.Example again = AddingProblem.example(SEED, 7, 50);
        assertArrayEquals(example.values(), again.values());
        assertEquals(example.first(), again.first());
        assertEquals(example.second(), again.second());
        assertEquals(example.target(), again.target());

        assertDiffers(example, AddingProblem.example(SEED, 8, 50));
        assertDiffers(example, AddingProblem.example(SEED + 1, 7, 50));
        // a plain seed + index would make these two the same stream
        assertDiffers(AddingProblem.example(1, 0, 50), AddingProblem.example(0, 1, 50));
    }

    private static void assertDiffers(AddingProblem.Example a, AddingProblem.Example b) {
        assertFalse(java.util.Arrays.equals(a.values(), b.values()));
    }

    @Test
    void predictingTheMeanGivesTheConstantPredictorMse() {
        int examples = 20_000;
        double sumSquared = 0;
        for (long index = 0; index < examples; index++) {
            double error = AddingProblem.example(SEED, index, 20).target() - 1.0;
            sumSquared += error * error;
        }
        assertEquals(1.0 / 6.0, AddingProblem.constantPredictorMse(), 1e-12);
        assertEquals(AddingProblem.constantPredictorMse(), sumSquared / examples, 0.005);
    }

    @Test
    void sequencesShorterThanTwoStepsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AddingProblem.example(SEED, 0, 1));
    }
}
