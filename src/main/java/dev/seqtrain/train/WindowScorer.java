package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindows;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Spark glue: scores windows on the workers. The model travels as its serialised bytes (one
 * broadcast, restored once per partition), never as a live array Spark could close.
 */
public final class WindowScorer {
    /** One row per window: the row it forecasts, that row's time, forecast, actual (null past the data), last observed value. */
    public static final StructType SCHEMA = new StructType()
            .add("row", DataTypes.LongType, false)
            .add("time", DataTypes.StringType, true)
            .add("prediction", DataTypes.DoubleType, false)
            .add("actual", DataTypes.DoubleType, true)
            .add("last_observed", DataTypes.DoubleType, false);
    private static final int BATCH = 256;

    private WindowScorer() {
    }

    /**
     * @param times      the time column's text per row, or null
     * @param targetMean with {@code targetStd}, maps standardised outputs back to original units
     */
    public static JavaRDD<Row> score(JavaSparkContext sc, byte[] model, ForecastWindows.Cutter cutter, String[] times,
                                     int[] starts, int partitions, double targetMean, double targetStd) {
        Broadcast<byte[]> modelBytes = sc.broadcast(model);
        Broadcast<ForecastWindows.Cutter> sharedCutter = sc.broadcast(cutter);
        Broadcast<String[]> sharedTimes = sc.broadcast(times == null ? new String[0] : times);
        List<Integer> rows = Arrays.stream(starts).boxed().toList();
        return sc.parallelize(rows, partitions).mapPartitions(part -> {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(modelBytes.value()), false);
            Scorer scorer = new Scorer(network, sharedCutter.value(), sharedTimes.value(), targetMean, targetStd);
            return scorer.score(part);
        });
    }

    private record Scorer(MultiLayerNetwork network, ForecastWindows.Cutter cutter, String[] times,
                          double targetMean, double targetStd) {
        Iterator<Row> score(Iterator<Integer> starts) {
            List<Row> out = new ArrayList<>();
            List<Integer> batch = new ArrayList<>(BATCH);
            while (starts.hasNext()) {
                batch.add(starts.next());
                if (batch.size() == BATCH || !starts.hasNext()) {
                    INDArray predictions = network.output(
                            WindowDataSets.features(batch.stream().map(cutter::inputs).toList()));
                    for (int i = 0; i < batch.size(); i++) {
                        out.add(row(batch.get(i), predictions.getDouble(i, 0)));
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        }

        private Row row(int start, double standardisedPrediction) {
            int targetRow = cutter.targetRow(start);
            double actual = cutter.target(start);
            return RowFactory.create((long) targetRow,
                    targetRow < times.length ? times[targetRow] : null,
                    original(standardisedPrediction),
                    Double.isNaN(actual) ? null : original(actual),
                    original(cutter.lastObserved(start)));
        }

        private double original(double standardised) {
            return standardised * targetStd + targetMean;
        }
    }
}
