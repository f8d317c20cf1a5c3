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
import java.io.Serializable;
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
     * @param cutter     cuts standardised inputs
     * @param target     the target column in original units, for the actual and last observed values
     * @param times      the time column's text per row, or null
     * @param targetMean with {@code targetStd}, maps standardised outputs back to original units
     */
    public static JavaRDD<Row> score(JavaSparkContext sc, byte[] model, ForecastWindows.Cutter cutter, double[] target,
                                     String[] times, int[] starts, int partitions, double targetMean, double targetStd) {
        Broadcast<byte[]> modelBytes = sc.broadcast(model);
        Broadcast<Columns> columns = sc.broadcast(new Columns(cutter, target, times == null ? new String[0] : times));
        List<Integer> rows = Arrays.stream(starts).boxed().toList();
        return sc.parallelize(rows, partitions).mapPartitions(part -> {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(modelBytes.value()), false);
            return new Scorer(network, columns.value(), targetMean, targetStd).score(part);
        });
    }

    /** What the workers read from: one broadcast. A plain class, as Spark's Kryo cannot serialise records. */
    private static final class Columns implements Serializable {
        private final ForecastWindows.Cutter cutter;
        private final double[] target;
        private final String[] times;

        Columns(ForecastWindows.Cutter cutter, double[] target, String[] times) {
            this.cutter = cutter;
            this.target = target;
            this.times = times;
        }
    }

    private record Scorer(MultiLayerNetwork network, Columns columns, double targetMean, double targetStd) {
        Iterator<Row> score(Iterator<Integer> starts) {
            List<Row> out = new ArrayList<>();
            List<Integer> batch = new ArrayList<>(BATCH);
            while (starts.hasNext()) {
                batch.add(starts.next());
                if (batch.size() == BATCH || !starts.hasNext()) {
                    INDArray predictions = network.output(
                            WindowDataSets.features(batch.stream().map(columns.cutter::inputs).toList()));
                    for (int i = 0; i < batch.size(); i++) {
                        out.add(row(batch.get(i), predictions.getDouble(i, 0)));
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        }

        private Row row(int start, double standardisedPrediction) {
            int targetRow = columns.cutter.targetRow(start);
            boolean known = targetRow < columns.target.length;
            return RowFactory.create((long) targetRow,
                    targetRow < columns.times.length ? columns.times[targetRow] : null,
                    standardisedPrediction * targetStd + targetMean,
                    known ? columns.target[targetRow] : null,
                    columns.target[columns.cutter.lastInputRow(start)]);
        }
    }
}
