package dev.seqtrain.config;

import java.util.List;

/**
 * Where the series comes from and which columns it uses.
 *
 * @param path     a local path, or {@code embedded:<file>} for a sample inside the job jar
 * @param format   the file format; {@code csv} with a header row
 * @param features the columns fed to the network at each step, in order
 * @param target   the column to forecast
 * @param timeColumn the column naming each row's time, copied into predictions; null if none
 */
public record InputConfig(String path, String format, List<String> features, String target, String timeColumn) {
    public InputConfig {
        features = List.copyOf(features);
    }
}
