package dev.seqtrain.config;

/**
 * A validated forecasting job: everything a run needs, read once at start.
 *
 * @param source             where the job came from (a file path or {@code embedded:<name>}), for messages
 * @param validationFraction the last fraction of the series, in time order, kept for validation
 * @param resolved           the job as HOCON with defaults and overrides applied, saved with each run
 */
public record JobConfig(String source, String name, String output, InputConfig input, WindowConfig window,
                        double validationFraction, ModelConfig model, TrainingConfig training,
                        String resolved) {
}
