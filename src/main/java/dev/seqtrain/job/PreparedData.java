package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.sequence.ChunkWindows;
import dev.seqtrain.sequence.ForecastOutputs;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.train.ChunkedSeries;
import dev.seqtrain.train.SeriesReader;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * A job's input read on the workers, numbered, chunked and filled, with the normaliser that goes
 * with it: fitted on the training rows for training, or the published one for scoring.
 */
public record PreparedData(String source, ChunkedSeries series, Normalizer normalizer, ForecastOutputs outputs,
                           ChunkWindows cutter, long badRowsSkipped) {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedData.class);

    /**
     * Reads the job's input for training; windows are balanced over {@code partitions} by training
     * windows. Input too short for a training or a validation window is refused, naming the longest series.
     */
    public static PreparedData forTraining(SparkSession spark, JobConfig job, int partitions) {
        PreparedData data = prepare(spark, job, job.input(), partitions, WindowPart.TRAIN, null);
        for (WindowPart part : List.of(WindowPart.TRAIN, WindowPart.VALIDATION)) {
            if (data.series().possibleWindows(part) == 0) {
                data.series().release();
                throw new InvalidInputException(data.source() + ": " + tooShort(data.series(), part));
            }
        }
        return data;
    }

    /** Why no window of {@code part} fits: what one needs, and what the longest series has. */
    private static String tooShort(ChunkedSeries series, WindowPart part) {
        var layout = series.layout();
        int longest = 0;
        for (int s = 1; s < layout.seriesCount(); s++) {
            if (partRows(layout, s, part) > partRows(layout, longest, part)) {
                longest = s;
            }
        }
        String name = part == WindowPart.TRAIN ? "training" : "validation";
        return String.format(Locale.ROOT, "no %s window fits: a window needs window.length + window.horizon = %d "
                        + "consecutive rows in a series' %s part, and the longest, series '%s', has %d of its %d rows "
                        + "there (split.validation-fraction decides the parts)", name, series.starts().span(), name,
                layout.id(longest), partRows(layout, longest, part), layout.length(longest));
    }

    private static long partRows(dev.seqtrain.sequence.SeriesLayout layout, int s, WindowPart part) {
        return part == WindowPart.TRAIN ? layout.trainRows(s) : layout.end(s) - layout.validationStart(s);
    }

    /** Reads {@code input} (the published job's columns on new data) with a published normaliser. */
    public static PreparedData forScoring(SparkSession spark, JobConfig published, InputConfig input,
                                          Normalizer normalizer, int partitions) {
        return prepare(spark, published, input, partitions, WindowPart.ALL, normalizer);
    }

    private static PreparedData prepare(SparkSession spark, JobConfig job, InputConfig input, int partitions,
                                        WindowPart balanceBy, Normalizer published) {
        if (job.split().randomWindows()) {
            LOG.warn("split.method = random-window: overlapping windows share rows between training and validation, "
                    + "so validation errors are optimistic");
        }
        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        boolean predicting = published != null; // predictions name the times they forecast
        SeriesReader.Result read = SeriesReader.read(spark, input, missingAllowed, job.preprocessing().skipBadRows(),
                false, predicting);
        ChunkedSeries series;
        try {
            series = ChunkedSeries.of(read.rows(), job, partitions, balanceBy, predicting);
        } finally {
            read.release(); // the chunks are cached and computed now
        }
        List<String> columns = input.numericColumns();
        Normalizer normalizer;
        try {
            normalizer = published != null ? published : series.fitNormalizer(job.preprocessing().normalization(), columns);
        } catch (IllegalArgumentException e) {
            series.release();
            throw new InvalidInputException(Redaction.uris(input.path()) + ": " + e.getMessage(), e);
        }
        ForecastOutputs outputs = ForecastOutputs.of(input.targets(), columns, job.window());
        ChunkWindows cutter = new ChunkWindows(series.starts(),
                input.features().stream().mapToInt(columns::indexOf).toArray(), outputs, normalizer,
                job.baselines().seasonalPeriod());
        return new PreparedData(Redaction.uris(input.path()), series, normalizer, outputs, cutter, read.badRows());
    }

    public JavaRDD<ForecastWindow> windows(WindowPart part) {
        return series.windows(cutter, part);
    }

    /** Multiplies each output's error in normalised units into its target's original units. */
    public double[] outputScales() {
        double[] scales = new double[outputs.count()];
        for (int o = 0; o < scales.length; o++) {
            scales[o] = normalizer.scale()[outputs.column(o)];
        }
        return scales;
    }


}
