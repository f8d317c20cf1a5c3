package dev.seqtrain.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * Where the data comes from and how to read it.
 *
 * @param kind         what the input holds, and so the task
 * @param path         a file, folder or glob on any Hadoop filesystem, or {@code embedded:<file>}
 * @param format       how series and sequences are stored
 * @param features     the columns fed to the network at each step, in order (not for text)
 * @param targets      the columns to forecast (series only)
 * @param timeColumn   orders rows within a series and labels predictions; null: file order
 * @param numericTime  whether times sort as numbers ({@code input.time-type = number}) or as text
 * @param seriesColumn names each row's series (or sequence); null when the data is one series
 * @param labelColumn  each sequence's label (sequences only)
 */
public record InputConfig(InputKind kind, String path, InputFormat format, List<String> features, List<String> targets,
                          String timeColumn, boolean numericTime, String seriesColumn, String labelColumn) {
    public InputConfig {
        features = List.copyOf(features);
        targets = List.copyOf(targets);
    }

    public InputConfig withPath(String newPath) {
        return new InputConfig(kind, newPath, format, features, targets, timeColumn, numericTime, seriesColumn,
                labelColumn);
    }

    /** The same input without a label column: new data to classify. */
    public InputConfig withoutLabels() {
        return new InputConfig(kind, path, format, features, targets, timeColumn, numericTime, seriesColumn, null);
    }

    /** The numeric columns read: the features, then the targets that are not features. */
    public List<String> numericColumns() {
        return Stream.concat(features.stream(), targets.stream().filter(t -> !features.contains(t))).toList();
    }
}
