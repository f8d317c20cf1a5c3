package dev.seqtrain.report;

import java.util.List;

/**
 * How well labels were predicted.
 *
 * @param f1        macro-averaged F1 over the labels
 * @param confusion {@code confusion[actual][predicted]} counts, in the order of {@code labels}
 */
public record Classification(double accuracy, double f1, List<String> labels, long[][] confusion) {
    public Classification {
        labels = List.copyOf(labels);
    }

    /** Accuracy and macro F1 of a confusion matrix. */
    public static Classification of(List<String> labels, long[][] confusion) {
        long correct = 0;
        long total = 0;
        double f1Sum = 0;
        for (int c = 0; c < labels.size(); c++) {
            long truePositive = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int other = 0; other < labels.size(); other++) {
                predicted += confusion[other][c];
                actual += confusion[c][other];
                total += confusion[c][other];
            }
            correct += truePositive;
            double precision = predicted == 0 ? 0 : (double) truePositive / predicted;
            double recall = actual == 0 ? 0 : (double) truePositive / actual;
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return new Classification(total == 0 ? 0 : (double) correct / total, f1Sum / labels.size(), labels, confusion);
    }

    /** The confusion matrix of always answering {@code label}, for the actual labels {@code confusion} counts. */
    public static long[][] alwaysPredicting(int label, long[][] confusion) {
        long[][] constant = new long[confusion.length][confusion.length];
        for (int actual = 0; actual < confusion.length; actual++) {
            for (long count : confusion[actual]) {
                constant[actual][label] += count;
            }
        }
        return constant;
    }
}
