package dev.seqtrain.report;

/**
 * What one epoch of training achieved.
 *
 * @param trainLoss          mean loss (MSE on normalised targets) of the averaged model on the training windows
 * @param validationLoss     the same on the validation windows
 * @param validation         validation RMSE and MAE in original units, the mean over outputs
 * @param validationByOutput the same for each output (target column and steps ahead)
 * @param fitSeconds       wall time of the parameter-averaging fit alone
 * @param epochSeconds     wall time of the epoch, evaluation included
 * @param windowsPerSecond training windows fitted per second of {@code fitSeconds}
 */
public record EpochResult(int epoch, double trainLoss, double validationLoss, ErrorSummary validation,
                          java.util.List<ErrorSummary> validationByOutput, double fitSeconds, double epochSeconds,
                          double windowsPerSecond) {
}
