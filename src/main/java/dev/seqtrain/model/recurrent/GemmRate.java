package dev.seqtrain.model.recurrent;

import org.bytedeco.javacpp.FloatPointer;

import java.util.Arrays;

/**
 * What the engine's matrix products can reach on this machine: the float GEMM rate of ND4J's OpenBLAS
 * at a given shape, and the floating-point work of a recurrent layer, whose ratio is the rate no
 * implementation that computes the same products can beat (the GEMM bound).
 */
public final class GemmRate {
    private GemmRate() {
    }

    /** @param gigaflops the median rate over {@code repeats} timed batches of products */
    public record Result(int m, int k, int n, double gigaflops, int repeats) {
    }

    /** The rate of {@code [m x k] * [k x n]} products in float on this thread. */
    public static Result measure(int m, int k, int n) {
        FloatPointer a = new FloatPointer((long) m * k);
        FloatPointer b = new FloatPointer((long) k * n);
        FloatPointer c = new FloatPointer((long) m * n);
        try {
            for (long i = 0; i < (long) m * k; i++) {
                a.put(i, (float) Math.sin(i));
            }
            for (long i = 0; i < (long) k * n; i++) {
                b.put(i, (float) Math.cos(i));
            }
            Operand left = Operand.rowMajor(a, 0, m, k);
            Operand right = Operand.rowMajor(b, 0, k, n);
            Operand out = Operand.rowMajor(c, 0, m, n);
            double flops = 2.0 * m * k * n;
            int calls = (int) Math.max(10, 2e8 / flops); // about 0.1 s of products per batch
            double[] rates = new double[15];
            for (int repeat = -5; repeat < rates.length; repeat++) { // five warm-up batches
                long start = System.nanoTime();
                for (int call = 0; call < calls; call++) {
                    Blas.gemm(false, 1, left, right, 0, out);
                }
                if (repeat >= 0) {
                    rates[repeat] = flops * calls / (System.nanoTime() - start);
                }
            }
            Arrays.sort(rates);
            return new Result(m, k, n, rates[rates.length / 2], rates.length);
        } finally {
            a.close();
            b.close();
            c.close();
        }
    }

    /**
     * Floating-point operations of an LSTM layer's forward and backward pass per example: the input
     * and recurrent products forwards, and backwards the recurrent gradient, both weight gradients and
     * the input gradient (element-wise work not counted).
     */
    public static double lstmFlopsPerWindow(int steps, int inputs, int hidden) {
        return recurrentFlops(steps, inputs, hidden, 4 * hidden);
    }

    private static double recurrentFlops(int steps, int inputs, int hidden, int gates) {
        double forward = 2.0 * steps * (inputs + hidden) * gates;
        double backward = 2.0 * steps * (hidden * gates + hidden * gates + inputs * gates + gates * inputs);
        return forward + backward;
    }
}
