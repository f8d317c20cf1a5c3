package dev.seqtrain.model.recurrent;

import org.bytedeco.javacpp.Pointer;

/**
 * A matrix in native memory as BLAS reads it: {@code rows x cols} elements from {@code base} plus
 * {@code offset} elements, element (r, c) at {@code offset + r * rowStride + c * colStride}. An
 * operand is a view: it owns no memory.
 */
record Operand(Pointer base, long offset, long rows, long cols, long rowStride, long colStride) {
    /** A row-major block of {@code rows x cols} at {@code offset} of a contiguous buffer. */
    static Operand rowMajor(Pointer base, long offset, long rows, long cols) {
        return new Operand(base, offset, rows, cols, cols, 1);
    }

    Operand transpose() {
        return new Operand(base, offset, cols, rows, colStride, rowStride);
    }

    /** Rows {@code [from, from + count)}. */
    Operand rows(long from, long count) {
        return new Operand(base, offset + from * rowStride, count, cols, rowStride, colStride);
    }

    /** Columns {@code [from, from + count)}. */
    Operand columns(long from, long count) {
        return new Operand(base, offset + from * colStride, rows, count, rowStride, colStride);
    }

    /** Whether consecutive elements of a row are adjacent (row-major), with its leading dimension. */
    boolean rowContiguous() {
        return colStride == 1 && (rows == 1 || rowStride >= cols);
    }

    boolean columnContiguous() {
        return rowStride == 1 && (cols == 1 || colStride >= rows);
    }

    /** The leading dimension BLAS takes for this operand read row-major (or, transposed, column-major). */
    long leading(boolean rowMajor) {
        long stride = rowMajor ? rowStride : colStride;
        long minimum = rowMajor ? cols : rows;
        return (rowMajor ? rows : cols) == 1 ? Math.max(1, minimum) : stride;
    }
}
