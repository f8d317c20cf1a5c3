package dev.seqtrain.config;

/**
 * A validated job: everything a run needs, read once at start.
 *
 * @param source   where the job came from (a file path or {@code embedded:<name>}), for messages
 * @param date     the night a nightly run trains for ({@code ${date}} in the job), yesterday by default
 * @param resolved the job as HOCON with defaults and overrides applied, saved with each run
 */
public record JobConfig(String source, String name, String output, String date, InputConfig input,
                        WindowConfig window, SplitConfig split, PreprocessingConfig preprocessing, PaddingConfig padding,
                        BaselinesConfig baselines, ModelConfig model, TrainingConfig training, CompareConfig compare,
                        NightlyConfig nightly, String resolved) {
}
