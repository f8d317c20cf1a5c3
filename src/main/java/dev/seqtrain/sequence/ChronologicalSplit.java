package dev.seqtrain.sequence;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.WindowConfig;

/**
 * Splits a series in time: rows {@code [0, boundary)} train, rows {@code [boundary, length)}
 * validate. Windows are cut inside each part, never across the boundary, so no validation value is
 * ever an input or a target of a training window.
 */
public record ChronologicalSplit(int length, int boundary) {

    public static ChronologicalSplit of(Series series, double validationFraction, WindowConfig window) {
        int length = series.length();
        int boundary = (int) Math.round(length * (1.0 - validationFraction));
        ChronologicalSplit split = new ChronologicalSplit(length, boundary);
        if (boundary < window.span() || length - boundary < window.span()) {
            throw new InvalidInputException(series.source() + ": " + length + " rows split into "
                    + boundary + " training and " + (length - boundary) + " validation rows; each part needs at least "
                    + window.span() + " (window.length + window.horizon) for one window");
        }
        return split;
    }

    public int trainRows() {
        return boundary;
    }

    public int validationRows() {
        return length - boundary;
    }
}
