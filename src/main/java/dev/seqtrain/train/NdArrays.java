package dev.seqtrain.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** ND4J arrays as plain Java arrays. */
final class NdArrays {
    private NdArrays() {
    }

    /** Every element in row-major (c) order, whatever the array's own order or view. */
    static float[] values(INDArray array) {
        return array.dup('c').data().asFloat();
    }
}
