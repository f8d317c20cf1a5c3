package dev.seqtrain.report;

/**
 * What one epoch of training achieved.
 *
 * @param trainLoss        mean loss (MSE on standardised targets) of the averaged model on the training windows
 * @param validationLoss   the same on the validation windows
 * @param validation       validation RMSE and MAE in the target's original units
 * @param fitSeconds       wall time of the parameter-averaging fit alone
 * @param epochSeconds     wall time of the epoch, evaluation included
 * @param windowsPerSecond training windows fitted per second of {@code fitSeconds}
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, ErrorSummary validation,
                          double fitSeconds, double epochSeconds, double windowsPerSecond) {
}
