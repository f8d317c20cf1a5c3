package dev.seqtrain.sequence;

/**
 * One forecasting example. Per output {@code o} (see {@link ForecastOutputs}) and labelled step
 * {@code s} (only the last input step, or every one for many-to-many):
 *
 * @param series     index of its series in the {@link SeriesLayout}
 * @param start      its first row (numbered over all series)
 * @param inputs     normalised {@code inputs[feature][step]}
 * @param labels     normalised {@code labels[o][s]}; NaN where the target lies past the data
 * @param targets    the same in original units
 * @param persisted  the persistence forecast for {@code [o][s]}: the target column at step s (original units)
 * @param history    {@code history[o][step]}: output o's target column at every input step, original units
 * @param seasonal   the seasonal naive forecast of each output's last target (its value a whole number of
 *                   periods earlier, from the series' history); NaN without a period or before the series' start
 * @param lastRow    the last input step's row, counted from the start of its series
 * @param aheadTimes the time text of the rows 1..horizon steps after the last input step; null where unknown
 */
public record ForecastWindow(int series, long start, float[][] inputs, float[][] labels, double[][] targets,
                             double[][] persisted, double[][] history, double[] seasonal, long lastRow,
                             String[] aheadTimes) {
}
