package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.ErrorSummary;
import dev.seqtrain.report.RegressionStats;
import dev.seqtrain.sequence.ChunkWindows;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.train.ChunkedSeries;
import dev.seqtrain.train.SeriesReader;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * A job's input read on the workers, numbered, chunked and filled, with the normaliser that goes
 * with it: fitted on the training rows for training, or the published one for scoring.
 */
public record PreparedData(String source, ChunkedSeries series, Normalizer normalizer, ChunkWindows cutter,
                           long badRowsSkipped) {

    /** Reads the job's input for training; windows are balanced over {@code partitions} by training windows. */
    public static PreparedData forTraining(SparkSession spark, JobConfig job, int partitions) {
        return prepare(spark, job, job.input(), partitions, WindowPart.TRAIN, null);
    }

    /** Reads {@code input} (the published job's columns on new data) with a published normaliser. */
    public static PreparedData forScoring(SparkSession spark, JobConfig published, InputConfig input,
                                          Normalizer normalizer, int partitions) {
        return prepare(spark, published, input, partitions, WindowPart.ALL, normalizer);
    }

    private static PreparedData prepare(SparkSession spark, JobConfig job, InputConfig input, int partitions,
                                        WindowPart balanceBy, Normalizer published) {
        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        SeriesReader.Result read = SeriesReader.read(spark, input, missingAllowed, job.preprocessing().skipBadRows());
        ChunkedSeries series = ChunkedSeries.of(read.rows(), job, partitions, balanceBy);
        List<String> columns = input.numericColumns();
        Normalizer normalizer = published != null ? published
                : series.fitNormalizer(job.preprocessing().normalization(), columns);
        ChunkWindows cutter = new ChunkWindows(series.starts(),
                input.features().stream().mapToInt(columns::indexOf).toArray(), columns.indexOf(input.target()),
                normalizer);
        return new PreparedData(Redaction.uris(input.path()), series, normalizer, cutter, read.badRows());
    }

    public JavaRDD<ForecastWindow> windows(WindowPart part) {
        return series.windows(cutter, part);
    }

    /** The persistence forecast (the last observed target value) on the validation windows, original units. */
    public ErrorSummary persistenceBaseline() {
        return windows(WindowPart.VALIDATION).aggregate(new RegressionStats(),
                (stats, window) -> stats.add(window.lastObserved(), window.target()), RegressionStats::merge).summary();
    }
}
