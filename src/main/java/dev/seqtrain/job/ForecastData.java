package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.RegressionStats;
import dev.seqtrain.sequence.ChronologicalSplit;
import dev.seqtrain.sequence.CsvSeriesReader;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.ForecastWindows;
import dev.seqtrain.sequence.Series;
import dev.seqtrain.sequence.Standardizer;
import dev.seqtrain.storage.InputFiles;
import org.apache.hadoop.conf.Configuration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A forecasting job's data, ready to train on: the series split in time, standardised with
 * statistics of the training part only, and the first rows of the windows cut inside each part.
 * Windows themselves are cut where they are used, from {@link #cutter()}.
 */
public record ForecastData(Series series, ChronologicalSplit split, Standardizer standardizer, String target,
                           ForecastWindows.Cutter cutter, int[] trainStarts, int[] validationStarts) {

    public static ForecastData prepare(JobConfig job, Configuration hadoop) {
        Series series = read(job.input(), hadoop);
        ChronologicalSplit split = ChronologicalSplit.of(series, job.validationFraction(), job.window());
        Standardizer standardizer = Standardizer.fit(series, 0, split.boundary());
        String target = job.input().target();
        ForecastWindows.Cutter cutter = new ForecastWindows.Cutter(standardizer.apply(series), job.window(),
                job.input().features(), target);
        return new ForecastData(series, split, standardizer, target, cutter,
                ForecastWindows.starts(0, split.boundary(), job.window()),
                ForecastWindows.starts(split.boundary(), split.length(), job.window()));
    }

    /** Reads the feature and target columns (and the time column, if any) of the job's input. */
    public static Series read(InputConfig input, Configuration hadoop) {
        Set<String> columns = new LinkedHashSet<>(input.features());
        columns.add(input.target());
        String source = Redaction.uris(input.path());
        try (BufferedReader reader = InputFiles.open("input.path", input.path(), hadoop)) {
            return CsvSeriesReader.read(source, reader, List.copyOf(columns), input.timeColumn());
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": read failed", e);
        }
    }

    /** Multiplies an error on standardised targets into the target's original units. */
    public double targetScale() {
        return standardizer.std(target);
    }

    /** The persistence forecast (the last observed target value) on the validation windows. */
    public ErrorSummary persistenceBaseline() {
        RegressionStats stats = new RegressionStats();
        for (int start : validationStarts) {
            ForecastWindow window = cutter.at(start);
            stats.add(window.lastObserved(), window.target());
        }
        return stats.summary().scaled(targetScale());
    }
}
