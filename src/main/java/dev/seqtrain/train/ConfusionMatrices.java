package dev.seqtrain.train;

import org.apache.spark.api.java.JavaRDD;

/** Spark glue: confusion matrices counted on the workers, so predictions never travel to the driver. */
final class ConfusionMatrices {
    private ConfusionMatrices() {
    }

    /** {@code confusion[actual][predicted]} of (actual, predicted) label pairs. */
    static long[][] count(JavaRDD<int[]> actualPredicted, int classes) {
        return actualPredicted.aggregate(new long[classes][classes], (matrix, pair) -> {
            matrix[pair[0]][pair[1]]++;
            return matrix;
        }, (a, b) -> {
            for (int row = 0; row < classes; row++) {
                for (int column = 0; column < classes; column++) {
                    a[row][column] += b[row][column];
                }
            }
            return a;
        });
    }
}
