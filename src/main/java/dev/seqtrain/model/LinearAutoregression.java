package dev.seqtrain.model;

import java.io.Serializable;

/**
 * A linear autoregressive baseline: each output predicted from the window's own history of its
 * target column (one coefficient per input step, plus an intercept), fitted by least squares.
 * Workers accumulate the normal equations {@code XᵀX} and {@code Xᵀy} over the training windows;
 * the driver solves the small system. A plain class: Spark's Kryo cannot serialise records.
 */
public final class LinearAutoregression implements Serializable {
    /** A tiny ridge keeps the system solvable when a history column is constant. */
    private static final double RIDGE = 1e-6;

    private final int lags;
    private final double[][] xtx;
    private final double[] xty;
    private long examples;

    public LinearAutoregression(int lags) {
        this.lags = lags;
        this.xtx = new double[lags + 1][lags + 1];
        this.xty = new double[lags + 1];
    }

    /** Adds one training example: the history (oldest first) and the value to predict. */
    public LinearAutoregression add(double[] history, double target) {
        double[] x = withIntercept(history);
        for (int i = 0; i <= lags; i++) {
            for (int j = 0; j <= lags; j++) {
                xtx[i][j] += x[i] * x[j];
            }
            xty[i] += x[i] * target;
        }
        examples++;
        return this;
    }

    public LinearAutoregression merge(LinearAutoregression other) {
        for (int i = 0; i <= lags; i++) {
            for (int j = 0; j <= lags; j++) {
                xtx[i][j] += other.xtx[i][j];
            }
            xty[i] += other.xty[i];
        }
        examples += other.examples;
        return this;
    }

    public long examples() {
        return examples;
    }

    /** The least-squares coefficients, intercept first. */
    public double[] solve() {
        int n = lags + 1;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xtx[i], 0, a[i], 0, n);
            a[i][i] += RIDGE * Math.max(1, examples);
            a[i][n] = xty[i];
        }
        // Gaussian elimination with partial pivoting: the system is (lags + 1) square, a few dozen at most.
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < n; row++) {
                if (row != col && a[col][col] != 0) {
                    double factor = a[row][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[row][k] -= factor * a[col][k];
                    }
                }
            }
        }
        double[] coefficients = new double[n];
        for (int i = 0; i < n; i++) {
            coefficients[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
        }
        return coefficients;
    }

    public static double predict(double[] coefficients, double[] history) {
        double prediction = coefficients[0];
        for (int i = 0; i < history.length; i++) {
            prediction += coefficients[i + 1] * history[i];
        }
        return prediction;
    }

    private double[] withIntercept(double[] history) {
        double[] x = new double[lags + 1];
        x[0] = 1;
        System.arraycopy(history, 0, x, 1, lags);
        return x;
    }
}
