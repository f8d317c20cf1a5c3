package dev.seqtrain.report;

import dev.seqtrain.model.ParameterCounts;

/**
 * What one cell (a trained network) measured on one task of an RNN, GRU and LSTM comparison.
 *
 * @param label                     {@link #RNN}, {@link #GRU}, {@link #LSTM} or {@link #MATCHED_RNN}: the column
 *                                  it fills
 * @param parameters                the network's layers, with their parameter counts and formulas
 * @param trainingWindowsPerSecond  windows fitted per second of training
 * @param inferenceWindowsPerSecond windows predicted per second
 * @param wallSecondsPerEpoch       wall time of one epoch, evaluation included
 * @param metric                    the task's metric ({@link CompareTask#metric()}) on validation data
 * @param solved                    long-range tasks: the metric crossed the task's "solved" threshold (e.g.
 *                                  MSE below 0.01 on the adding problem); other tasks: it beats the baseline
 * @param trainLoss                 training loss after each epoch
 * @param validationMetric          the metric on validation data after each epoch
 * @param gradientNorms             the norm of d loss(last step) / d input at each time step, from a
 *                                  trained network; empty when not measured
 */
public record CellResult(String label, ParameterCounts.Stack parameters, double trainingWindowsPerSecond,
                         double inferenceWindowsPerSecond, double wallSecondsPerEpoch, double metric, boolean solved,
                         double[] trainLoss, double[] validationMetric, double[] gradientNorms) {
    public static final String RNN = "rnn";
    public static final String GRU = "gru";
    public static final String LSTM = "lstm";
    /** An RNN widened to about the LSTM's parameter count, to compare the cells at equal size. */
    public static final String MATCHED_RNN = "rnn (matched params)";

    public CellResult {
        trainLoss = trainLoss == null ? new double[0] : trainLoss;
        validationMetric = validationMetric == null ? new double[0] : validationMetric;
        gradientNorms = gradientNorms == null ? new double[0] : gradientNorms;
    }

    /** The width of the recurrent layers. */
    public int hiddenSize() {
        return parameters.layers().get(0).outputs();
    }
}
