package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.Updater;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffHeapEstimateTest {
    @Test
    void countsStateActivationsAndInputsInFloats() {
        // LSTM 128 over 8 features: 4·128·(8+128+1) = 70,144 parameters, Adam, batch 64 of 100 steps.
        long perStep = OffHeapEstimate.activationsPerStep(CellType.LSTM, 128, false);
        assertEquals(2 * 6 * 128, perStep);
        OffHeapEstimate estimate = OffHeapEstimate.of(70_144, Updater.ADAM.stateSlots(), 64, 100, perStep, 8);
        assertEquals(4L * 70_144 * 5, estimate.stateBytes(), "weights, gradients, averaged copy, two Adam moments");
        assertEquals(4L * 64 * 100 * 1536, estimate.activationBytes());
        assertEquals(4L * 64 * 100 * 8, estimate.inputBytes(), "the minibatch being fitted");
        assertEquals((long) (1.5 * (estimate.stateBytes() + estimate.activationBytes() + estimate.inputBytes())),
                estimate.totalBytes());
        assertEquals((256L << 20) + 2 * 8 * estimate.totalBytes(), estimate.memoryOverheadBytes(2));
    }

    /**
     * The advice covers what scripts/bench-scaling measured outside the heap (peak resident memory less
     * the heap's resident part, one task per executor), for the estimates those runs logged.
     */
    @Test
    void adviceCoversTheMemoryMeasuredOutsideTheHeap() {
        long[][] loggedMbAndMeasuredMb = {{1, 221}, {2, 244}, {2, 300}, {15, 300}, {31, 422}, {31, 355}, {59, 358}};
        for (long[] run : loggedMbAndMeasuredMb) {
            // The log prints totalBytes(): the arrays with their slack.
            OffHeapEstimate estimate = new OffHeapEstimate(0, (long) ((run[0] << 20) / OffHeapEstimate.SLACK), 0);
            long advised = estimate.memoryOverheadBytes(1) >> 20;
            assertTrue(advised >= run[1], run[0] + " MB estimated: " + advised + " MB advised, " + run[1] + " measured");
        }
        assertEquals(384, new OffHeapEstimate(0, 0, 0).memoryOverheadBytes(1) >> 20, "never below Spark's floor");
    }

    @Test
    void anRnnKeepsAThirdOfAnLstmsActivationsAndBidirectionalDoubles() {
        assertEquals(OffHeapEstimate.activationsPerStep(CellType.LSTM, 64, false),
                3 * OffHeapEstimate.activationsPerStep(CellType.RNN, 64, false));
        assertEquals(2 * OffHeapEstimate.activationsPerStep(CellType.RNN, 64, false),
                OffHeapEstimate.activationsPerStep(CellType.RNN, 64, true));
        assertEquals(0, Updater.SGD.stateSlots());
        assertTrue(OffHeapEstimate.of(1, 0, 1, 1, 1, 1).describe(1L << 30, 1).contains("1024 MB"));
    }
}
