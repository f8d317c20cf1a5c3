package dev.seqtrain.config;

import dev.seqtrain.sequence.LocalWindows;
import dev.seqtrain.sequence.Split;
import dev.seqtrain.sequence.WindowShape;

/**
 * A validated job: everything a run needs, read once at start.
 *
 * @param source   where the job came from (a file path or {@code embedded:<name>}), for messages
 * @param date     the night a nightly run trains for ({@code ${date}} in the job), yesterday by default
 * @param resolved the job as HOCON with defaults and overrides applied, saved with each run (credentials
 *                 in URIs redacted)
 * @param definition the same with credentials kept, which {@link JobConfigLoader#override} builds on; never
 *                   saved or logged
 */
public record JobConfig(String source, String name, String output, String date, InputConfig input,
                        WindowShape window, Split split, PreprocessingConfig preprocessing, PaddingConfig padding,
                        BaselinesConfig baselines, ModelConfig model, TrainingConfig training, CompareConfig compare,
                        NightlyConfig nightly, TuneConfig tune, String resolved, String definition) {

    @Override
    public String toString() {
        return "JobConfig[" + name + " from " + source + "]";
    }

    /** What the single-machine windowing reference needs of this (forecast) job. */
    public LocalWindows.Settings localWindows() {
        return new LocalWindows.Settings(input.numericColumns(), input.features(), input.targets(),
                input.timeColumn() != null, input.numericTime(), window, split, preprocessing.missingValues(),
                preprocessing.normalization(), baselines.seasonalPeriod(), training.seed());
    }
}
