package dev.seqtrain.sequence;

/**
 * One forecasting example.
 *
 * @param series       index of its series in the {@link SeriesLayout}
 * @param start        its first row (numbered over all series)
 * @param inputs       normalised {@code inputs[feature][step]}
 * @param label        the normalised target, NaN when the target lies past the data
 * @param target       the target in original units, NaN when unknown
 * @param lastObserved the target column at the last input step, original units: the persistence forecast
 * @param targetRow    the row the target lies in, counted from the start of its series
 * @param targetTime   that row's time text, null when unknown
 */
public record ForecastWindow(int series, long start, float[][] inputs, float label, double target,
                             double lastObserved, long targetRow, String targetTime) {
    public boolean hasTarget() {
        return !Double.isNaN(target);
    }
}
