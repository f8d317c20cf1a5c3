package dev.seqtrain.model;

import dev.seqtrain.sequence.ColumnStats;

import java.io.Serializable;
import java.util.List;

/**
 * A classification baseline: Gaussian naive Bayes on each sequence's mean features. Fitted from
 * per-label feature statistics (mergeable, so workers gather them); predicts the label with the
 * highest log prior plus log likelihood. A plain class: Spark's Kryo cannot serialise records.
 */
public final class GaussianNaiveBayes implements Serializable {
    /** Keeps a constant feature from making a likelihood infinite. */
    private static final double MIN_VARIANCE = 1e-6;

    private final double[] logPrior;
    private final double[][] mean;
    private final double[][] variance;

    /** @param stats per label (in label order), statistics of the training sequences' mean features */
    public GaussianNaiveBayes(List<ColumnStats[]> stats) {
        int labels = stats.size();
        long total = 0;
        for (ColumnStats[] label : stats) {
            total += label[0].count();
        }
        logPrior = new double[labels];
        mean = new double[labels][];
        variance = new double[labels][];
        for (int l = 0; l < labels; l++) {
            ColumnStats[] label = stats.get(l);
            logPrior[l] = Math.log(Math.max(1, label[0].count()) / (double) Math.max(1, total));
            mean[l] = new double[label.length];
            variance[l] = new double[label.length];
            for (int f = 0; f < label.length; f++) {
                mean[l][f] = label[f].mean();
                variance[l][f] = Math.max(MIN_VARIANCE, label[f].std() * label[f].std());
            }
        }
    }

    public int predict(double[] features) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < logPrior.length; l++) {
            double score = logPrior[l];
            for (int f = 0; f < features.length; f++) {
                double d = features[f] - mean[l][f];
                score -= 0.5 * (Math.log(2 * Math.PI * variance[l][f]) + d * d / variance[l][f]);
            }
            if (score > bestScore) {
                bestScore = score;
                best = l;
            }
        }
        return best;
    }
}
