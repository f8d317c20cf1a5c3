package dev.seqtrain.config;

import java.util.List;

/**
 * Where the data comes from and which columns it uses. Long format: one row per time step, with an
 * optional series column when the file holds many series.
 *
 * @param path         a file, folder or glob on any Hadoop filesystem, or {@code embedded:<file>}
 * @param format       {@code csv} (with a header row) or {@code parquet}
 * @param features     the columns fed to the network at each step, in order
 * @param target       the column to forecast
 * @param timeColumn   orders rows within a series and labels predictions; null: file order
 * @param numericTime  whether times sort as numbers ({@code input.time-type = number}) or as text
 * @param seriesColumn names each row's series; null when the data is one series
 */
public record InputConfig(String path, String format, List<String> features, String target, String timeColumn,
                          boolean numericTime, String seriesColumn) {
    public InputConfig {
        features = List.copyOf(features);
    }

    public InputConfig withPath(String newPath) {
        return new InputConfig(newPath, format, features, target, timeColumn, numericTime, seriesColumn);
    }

    /** The numeric columns read: the features, then the target unless it is a feature. */
    public List<String> numericColumns() {
        return features.contains(target) ? features
                : java.util.stream.Stream.concat(features.stream(), java.util.stream.Stream.of(target)).toList();
    }
}
