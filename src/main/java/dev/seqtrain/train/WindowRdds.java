package dev.seqtrain.train;

import dev.seqtrain.sequence.ForecastWindows;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Arrays;
import java.util.List;

/** Spark glue: RDDs of windows cut on the workers. */
public final class WindowRdds {
    private WindowRdds() {
    }

    /**
     * Windows starting at {@code starts}, cut on the workers from one broadcast copy of the series:
     * only the start rows travel with the tasks, not every window (which Spark would re-send with
     * each task of every averaging round).
     */
    public static JavaRDD<DataSet> forecast(JavaSparkContext sc, ForecastWindows.Cutter cutter, int[] starts,
                                            int partitions) {
        Broadcast<ForecastWindows.Cutter> shared = sc.broadcast(cutter);
        List<Integer> rows = Arrays.stream(starts).boxed().toList();
        return sc.parallelize(rows, partitions).map(start -> WindowDataSets.of(shared.value().at(start)));
    }
}
