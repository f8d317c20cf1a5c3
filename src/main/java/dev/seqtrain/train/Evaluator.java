package dev.seqtrain.train;

import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.Score;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a network on validation minibatches, on the workers. What it counts is a plain array of
 * sums, so the workers' counts add up on the way to the driver and no prediction travels.
 */
public interface Evaluator extends Serializable {
    /** Examples scored in one forward pass. */
    int BATCH = 256;

    /** How many sums this evaluator keeps. */
    int width();

    /** Adds one minibatch's counts to {@code sums}, from the network's {@code output} for it. */
    void add(double[] sums, INDArray output, DataSet batch);

    /** Adds the counts of every example of {@code shard}, scored by {@code network}. */
    default void addShard(double[] sums, MultiLayerNetwork network, ExampleShard shard) {
        for (int[] indices : shard.inOrder(BATCH)) {
            DataSet batch = shard.minibatch(indices);
            add(sums, network.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(), batch.getLabelsMaskArray()),
                    batch);
        }
    }

    /** An epoch's scores from the summed counts and the epoch's mean training loss. */
    ParameterAveragingTrainer.Scores scores(double[] sums, double trainLoss);

    /** A value of this evaluator's metric: RMSE, macro F1 or bits per character. */
    Score score(double value);

    /** Outputs that are NaN or infinite: a network that makes any has diverged. */
    static long nonFinite(float[] values) {
        long count = 0;
        for (float value : values) {
            if (!Float.isFinite(value)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Regression: per output, the sums of squared and absolute errors and the count, in normalised
     * units; RMSE and MAE are reported in original units ({@code outputScales}, per output).
     */
    static Evaluator regression(double[] outputScales) {
        return new Evaluator() {
            @Override
            public Score score(double value) {
                return Score.rmse(value);
            }

            @Override
            public int width() {
                return 3 * outputScales.length + 1;
            }

            @Override
            public void add(double[] sums, INDArray output, DataSet batch) {
                float[] predicted = NdArrays.values(output);
                sums[sums.length - 1] += nonFinite(predicted);
                float[] actual = NdArrays.values(batch.getLabels());
                float[] mask = batch.getLabelsMaskArray() == null ? null : NdArrays.values(batch.getLabelsMaskArray());
                int outputs = outputScales.length;
                long examples = output.size(0);
                int steps = output.rank() == 3 ? (int) output.size(2) : 1;
                for (int e = 0; e < examples; e++) {
                    for (int o = 0; o < outputs; o++) {
                        for (int s = 0; s < steps; s++) {
                            if (mask != null && mask[e * steps + s] == 0) {
                                continue;
                            }
                            int at = (e * outputs + o) * steps + s;
                            double error = predicted[at] - actual[at];
                            sums[3 * o] += error * error;
                            sums[3 * o + 1] += Math.abs(error);
                            sums[3 * o + 2]++;
                        }
                    }
                }
            }

            @Override
            public ParameterAveragingTrainer.Scores scores(double[] sums, double trainLoss) {
                List<ErrorSummary> byOutput = new ArrayList<>();
                double meanSquares = 0;
                for (int o = 0; o < outputScales.length; o++) {
                    double count = sums[3 * o + 2];
                    meanSquares += sums[3 * o] / count / outputScales.length;
                    byOutput.add(new ErrorSummary(Math.sqrt(sums[3 * o] / count), sums[3 * o + 1] / count)
                            .scaled(outputScales[o]));
                }
                ErrorSummary mean = ErrorSummary.mean(byOutput);
                return new ParameterAveragingTrainer.Scores(trainLoss, meanSquares, mean, byOutput, null,
                        Score.rmse(mean.rmse()), (long) sums[sums.length - 1]);
            }
        };
    }

    /**
     * Classification: the confusion matrix over {@code labels}, {@code [actual][predicted]}, and the
     * cross-entropy of the true labels, the validation loss.
     */
    static Evaluator classification(List<String> labels) {
        int classes = labels.size();
        return new Evaluator() {
            @Override
            public Score score(double value) {
                return Score.macroF1(value);
            }

            @Override
            public int width() {
                return classes * classes + 3;
            }

            @Override
            public void add(double[] sums, INDArray output, DataSet batch) {
                float[] predicted = NdArrays.values(output);
                float[] actual = NdArrays.values(batch.getLabels());
                for (int e = 0; e < predicted.length / classes; e++) {
                    int truth = argmax(actual, e * classes, classes);
                    sums[truth * classes + argmax(predicted, e * classes, classes)]++;
                    sums[classes * classes] -= Math.log(predicted[e * classes + truth] + 1e-12);
                    sums[classes * classes + 1]++;
                }
                sums[classes * classes + 2] += nonFinite(predicted);
            }

            @Override
            public ParameterAveragingTrainer.Scores scores(double[] sums, double trainLoss) {
                long[][] confusion = new long[classes][classes];
                for (int actual = 0; actual < classes; actual++) {
                    for (int predicted = 0; predicted < classes; predicted++) {
                        confusion[actual][predicted] = Math.round(sums[actual * classes + predicted]);
                    }
                }
                double crossEntropy = sums[classes * classes] / Math.max(1, sums[classes * classes + 1]);
                Classification classification = Classification.of(labels, confusion);
                return new ParameterAveragingTrainer.Scores(trainLoss, crossEntropy, null, List.of(), classification,
                        Score.macroF1(classification.f1()), (long) sums[classes * classes + 2]);
            }
        };
    }

    /**
     * Bits per character of a character model: minus the log-probability of each step's true next
     * character (the one-hot labels), summed, over the characters counted.
     */
    static Evaluator bitsPerCharacter() {
        return new Evaluator() {
            @Override
            public Score score(double value) {
                return Score.bitsPerCharacter(value);
            }

            @Override
            public int width() {
                return 3;
            }

            @Override
            public void add(double[] sums, INDArray output, DataSet batch) {
                float[] probabilities = NdArrays.values(output);
                sums[2] += nonFinite(probabilities);
                float[] next = NdArrays.values(batch.getLabels());
                for (int i = 0; i < next.length; i++) {
                    if (next[i] != 0) {
                        sums[0] -= Math.log(probabilities[i] + 1e-12);
                        sums[1]++;
                    }
                }
            }

            @Override
            public ParameterAveragingTrainer.Scores scores(double[] sums, double trainLoss) {
                double bits = sums[1] == 0 ? Double.NaN : sums[0] / sums[1] / Math.log(2);
                return new ParameterAveragingTrainer.Scores(trainLoss, bits, null, List.of(), null,
                        Score.bitsPerCharacter(bits), (long) sums[2]);
            }
        };
    }

    private static int argmax(float[] values, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
