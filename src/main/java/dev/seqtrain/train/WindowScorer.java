package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.SeriesLayout;
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
import java.util.Iterator;
import java.util.List;

/**
 * Spark glue: scores windows on the workers. The model travels as its serialised bytes (one
 * broadcast, restored once per partition), never as a live array Spark could close.
 */
public final class WindowScorer {
    /**
     * One row per window: its series (empty for one series), the row it forecasts (counted from the
     * series' start) and that row's time, the forecast, the actual value (null past the data) and
     * the last observed value, in original units.
     */
    public static final StructType SCHEMA = new StructType()
            .add("series", DataTypes.StringType, false)
            .add("row", DataTypes.LongType, false)
            .add("time", DataTypes.StringType, true)
            .add("prediction", DataTypes.DoubleType, false)
            .add("actual", DataTypes.DoubleType, true)
            .add("last_observed", DataTypes.DoubleType, false);
    private static final int BATCH = 256;

    private WindowScorer() {
    }

    /** @param targetShift with {@code targetScale}, maps normalised outputs back to original units */
    public static JavaRDD<Row> score(JavaSparkContext sc, byte[] model, JavaRDD<ForecastWindow> windows,
                                     SeriesLayout layout, double targetShift, double targetScale) {
        Broadcast<byte[]> modelBytes = sc.broadcast(model);
        return windows.mapPartitions(part -> {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(modelBytes.value()), false);
            return new Scorer(network, layout, targetShift, targetScale).score(part);
        });
    }

    private record Scorer(MultiLayerNetwork network, SeriesLayout layout, double targetShift, double targetScale) {
        Iterator<Row> score(Iterator<ForecastWindow> windows) {
            List<Row> out = new ArrayList<>();
            List<ForecastWindow> batch = new ArrayList<>(BATCH);
            while (windows.hasNext()) {
                batch.add(windows.next());
                if (batch.size() == BATCH || !windows.hasNext()) {
                    INDArray predictions = network.output(
                            WindowDataSets.features(batch.stream().map(ForecastWindow::inputs).toList()));
                    for (int i = 0; i < batch.size(); i++) {
                        ForecastWindow window = batch.get(i);
                        out.add(RowFactory.create(layout.id(window.series()), window.targetRow(), window.targetTime(),
                                predictions.getDouble(i, 0) * targetScale + targetShift,
                                window.hasTarget() ? window.target() : null, window.lastObserved()));
                    }
                    batch.clear();
                }
            }
            return out.iterator();
        }
    }
}
