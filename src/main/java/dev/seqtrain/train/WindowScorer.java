package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastOutputs;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.Normalizer;
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
     * One row per window and output: its series (empty for one series), the row it forecasts
     * (counted from the series' start) and that row's time, the target column and how many steps
     * ahead, the forecast, the actual value (null past the data) and the last observed value, in
     * original units. A many-to-many model is scored at its last step.
     */
    public static final StructType SCHEMA = new StructType()
            .add("series", DataTypes.StringType, false)
            .add("row", DataTypes.LongType, false)
            .add("time", DataTypes.StringType, true)
            .add("target", DataTypes.StringType, false)
            .add("steps_ahead", DataTypes.IntegerType, false)
            .add("prediction", DataTypes.DoubleType, false)
            .add("actual", DataTypes.DoubleType, true)
            .add("last_observed", DataTypes.DoubleType, false);
    private WindowScorer() {
    }

    /** @param batch how many windows one forward pass scores */
    public static JavaRDD<Row> score(JavaSparkContext sc, byte[] model, int batch, JavaRDD<ForecastWindow> windows,
                                     SeriesLayout layout, ForecastOutputs outputs, Normalizer normalizer) {
        Broadcast<byte[]> modelBytes = sc.broadcast(model);
        return windows.mapPartitions(part -> {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(modelBytes.value()), false);
            return new Scorer(network, batch, layout, outputs, normalizer).score(part);
        });
    }

    private record Scorer(MultiLayerNetwork network, int batchSize, SeriesLayout layout, ForecastOutputs outputs,
                          Normalizer normalizer) {
        /** Scores {@code batchSize} windows at a time, as the rows are consumed: a partition is never held whole. */
        Iterator<Row> score(Iterator<ForecastWindow> windows) {
            return new Iterator<>() {
                private Iterator<Row> batchRows = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!batchRows.hasNext() && windows.hasNext()) {
                        List<ForecastWindow> batch = new ArrayList<>(batchSize);
                        while (batch.size() < batchSize && windows.hasNext()) {
                            batch.add(windows.next());
                        }
                        INDArray predictions = network.output(
                                WindowDataSets.features(batch.stream().map(ForecastWindow::inputs).toList()));
                        List<Row> rows = new ArrayList<>();
                        for (int i = 0; i < batch.size(); i++) {
                            rows(batch.get(i), predictions, i, rows);
                        }
                        batchRows = rows.iterator();
                    }
                    return batchRows.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return batchRows.next();
                }
            };
        }

        private void rows(ForecastWindow window, INDArray predictions, int example, List<Row> out) {
            for (int o = 0; o < outputs.count(); o++) {
                int column = outputs.column(o);
                int ahead = outputs.stepsAhead(o);
                int step = window.targets()[o].length - 1;
                double normalised = outputs.sequence()
                        ? predictions.getDouble(example, o, predictions.size(2) - 1)
                        : predictions.getDouble(example, o);
                double actual = window.targets()[o][step];
                out.add(RowFactory.create(layout.id(window.series()), window.lastRow() + ahead,
                        window.aheadTimes()[ahead - 1], outputs.target(o), ahead,
                        normalised * normalizer.scale()[column] + normalizer.shift()[column],
                        Double.isNaN(actual) ? null : actual, window.persisted()[o][step]));
            }
        }
    }
}
