package dev.seqtrain.model.recurrent;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

/**
 * Matrix products straight into the OpenBLAS that ND4J ships (one JNI call each, none of the
 * dispatch an ND4J op costs), on operands in either memory order.
 */
final class Blas {
    private Blas() {
    }

    /** {@code c = alpha * a * b + beta * c}, in float or double. */
    static void gemm(boolean dbl, double alpha, Operand a, Operand b, double beta, Operand c) {
        if (a.rows() != c.rows() || b.cols() != c.cols() || a.cols() != b.rows()) {
            throw new IllegalArgumentException("gemm shapes: " + a.rows() + "x" + a.cols() + " * " + b.rows() + "x"
                    + b.cols() + " into " + c.rows() + "x" + c.cols());
        }
        if (!c.rowContiguous()) {
            throw new IllegalArgumentException("gemm output must be row-contiguous");
        }
        if (c.rows() == 0 || c.cols() == 0) {
            return;
        }
        boolean aRows = layout(a);
        boolean bRows = layout(b);
        int m = (int) c.rows();
        int n = (int) c.cols();
        int k = (int) a.cols();
        int lda = (int) a.leading(aRows);
        int ldb = (int) b.leading(bRows);
        int ldc = (int) c.leading(true);
        int transA = aRows ? CblasNoTrans : CblasTrans;
        int transB = bRows ? CblasNoTrans : CblasTrans;
        if (dbl) {
            cblas_dgemm(CblasRowMajor, transA, transB, m, n, k, alpha, doubles(a), lda, doubles(b), ldb, beta,
                    doubles(c), ldc);
        } else {
            cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, (float) alpha, floats(a), lda, floats(b), ldb,
                    (float) beta, floats(c), ldc);
        }
    }

    /** True for a row-major operand, false for a column-major one (BLAS reads it transposed). */
    private static boolean layout(Operand operand) {
        if (operand.rowContiguous()) {
            return true;
        }
        if (operand.columnContiguous()) {
            return false;
        }
        throw new IllegalArgumentException("gemm operand is neither row- nor column-contiguous");
    }

    private static FloatPointer floats(Operand operand) {
        return new FloatPointer(operand.base()).position(operand.base().position() + operand.offset());
    }

    private static DoublePointer doubles(Operand operand) {
        return new DoublePointer(operand.base()).position(operand.base().position() + operand.offset());
    }
}
