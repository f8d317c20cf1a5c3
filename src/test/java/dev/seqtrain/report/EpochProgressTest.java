package dev.seqtrain.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochProgressTest {
    private static EpochResult epoch(int i, double seconds) {
        ErrorSummary validation = new ErrorSummary(1.23456, 0.9);
        return new EpochResult(i, 0.123456, 0.0456789, validation, List.of(validation), null,
                Score.rmse(validation.rmse()), seconds * 0.8, seconds, 1234.4);
    }

    @Test
    void lineShowsEpochLossRmseThroughputAndEtaFromTheMeanEpoch() {
        List<EpochResult> soFar = List.of(epoch(1, 10), epoch(2, 20));
        assertEquals("epoch 2/5  train loss 0.12346  val loss 0.04568  val RMSE 1.2346 temperature  1234 windows/s"
                        + "  epoch 20.0s  ETA 0:45",
                EpochProgress.line(soFar.get(1), 5, soFar, "temperature"));
    }

    @Test
    void lastEpochHasNoTimeLeft() {
        List<EpochResult> soFar = List.of(epoch(1, 10));
        assertEquals("0:00", EpochProgress.line(soFar.get(0), 1, soFar, "t").replaceAll(".*ETA ", ""));
    }

    @Test
    void classifierLinesShowAccuracyAndF1() {
        Classification classification = Classification.of(List.of("a", "b"), new long[][]{{3, 1}, {0, 4}});
        EpochResult result = new EpochResult(2, 0.5, Double.NaN, null, List.of(), classification,
                Score.macroF1(classification.f1()), 8, 10, 100);
        assertEquals("epoch 2/2  train loss 0.50000  val accuracy 0.8750  val F1 0.8730  100 windows/s  epoch 10.0s  ETA 0:00",
                EpochProgress.line(result, 2, List.of(result), "label"));
        assertEquals(-result.classification().f1(), result.objective(), 1e-12, "a higher F1 is a lower objective");
    }

    @Test
    void clockShowsHoursOnlyWhenNeeded() {
        assertEquals("0:59", EpochProgress.clock(59));
        assertEquals("1:01:40", EpochProgress.clock(3700));
    }
}
