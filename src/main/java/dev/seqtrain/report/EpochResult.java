package dev.seqtrain.report;

import java.util.List;

/**
 * What one epoch of training achieved.
 *
 * @param trainLoss          mean loss of the averaged model on the training windows (forecasts: MSE on
 *                           normalised targets); for classifiers, the workers' last minibatch loss
 * @param validationLoss     the same on the validation windows; for character models, bits per character
 * @param validation         forecasts: validation RMSE and MAE in original units, the mean over outputs
 * @param validationByOutput forecasts: the same for each output (target column and steps ahead)
 * @param classification     classifiers: validation accuracy, macro F1 and confusion matrix
 * @param score              the task's own metric on the validation examples: what early stopping and
 *                           keep-best judge by (RMSE, macro F1, bits per character)
 * @param fitSeconds         wall time of the parameter-averaging fit alone
 * @param epochSeconds       wall time of the epoch, evaluation included
 * @param windowsPerSecond   training windows (or sequences) fitted per second of {@code fitSeconds}
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, ErrorSummary validation,
                          List<ErrorSummary> validationByOutput, Classification classification, Score score,
                          double fitSeconds, double epochSeconds, double windowsPerSecond) {

    /** What early stopping and keep-best minimise. */
    public double objective() {
        return score.loss();
    }
}
