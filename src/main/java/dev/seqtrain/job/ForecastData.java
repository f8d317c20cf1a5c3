package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
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
 * statistics of the training part only, and cut into windows inside each part.
 */
public record ForecastData(Series series, ChronologicalSplit split, Standardizer standardizer, String target,
                           List<ForecastWindow> train, List<ForecastWindow> validation) {

    public static ForecastData prepare(JobConfig job, Configuration hadoop) {
        Set<String> columns = new LinkedHashSet<>(job.input().features());
        columns.add(job.input().target());
        Series series;
        try (BufferedReader reader = InputFiles.open("input.path", job.input().path(), hadoop)) {
            series = CsvSeriesReader.read(job.input().path(), reader, List.copyOf(columns));
        } catch (IOException e) {
            throw new UncheckedIOException(job.input().path() + ": read failed", e);
        }
        ChronologicalSplit split = ChronologicalSplit.of(series, job.validationFraction(), job.window());
        Standardizer standardizer = Standardizer.fit(series, 0, split.boundary());
        Series scaled = standardizer.apply(series);
        List<String> features = job.input().features();
        String target = job.input().target();
        return new ForecastData(series, split, standardizer, target,
                ForecastWindows.cut(scaled, 0, split.boundary(), job.window(), features, target),
                ForecastWindows.cut(scaled, split.boundary(), split.length(), job.window(), features, target));
    }

    /** Multiplies an error on standardised targets into the target's original units. */
    public double targetScale() {
        return standardizer.std(target);
    }

    /** The persistence forecast (the last observed target value) on the validation windows. */
    public ErrorSummary persistenceBaseline() {
        RegressionStats stats = new RegressionStats();
        for (ForecastWindow window : validation) {
            stats.add(window.lastObserved(), window.target());
        }
        return stats.summary().scaled(targetScale());
    }
}
