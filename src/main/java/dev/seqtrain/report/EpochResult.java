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
 * @param fitSeconds         wall time of the parameter-averaging fit alone
 * @param epochSeconds       wall time of the epoch, evaluation included
 * @param windowsPerSecond   training windows (or sequences) fitted per second of {@code fitSeconds}
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, ErrorSummary validation,
                          List<ErrorSummary> validationByOutput, Classification classification, double fitSeconds,
                          double epochSeconds, double windowsPerSecond) {

    /**
     * What early stopping and keep-best minimise: validation RMSE, 1 - macro F1 for a classifier, bits
     * per character for a character model.
     */
    public double objective() {
        if (classification != null) {
            return 1 - classification.f1();
        }
        return validation != null ? validation.rmse() : validationLoss;
    }
}
