package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
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

/**
 * A job's input read on the workers, numbered, chunked and filled, with the normaliser that goes
 * with it: fitted on the training rows for training, or the published one for scoring.
 */
public record PreparedData(String source, ChunkedSeries series, Normalizer normalizer, ForecastOutputs outputs,
                           ChunkWindows cutter, long badRowsSkipped) {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedData.class);

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
        if (job.split().randomWindows()) {
            LOG.warn("split.method = random-window: overlapping windows share rows between training and validation, "
                    + "so validation errors are optimistic");
        }
        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        SeriesReader.Result read = SeriesReader.read(spark, input, missingAllowed, job.preprocessing().skipBadRows());
        ChunkedSeries series;
        try {
            series = ChunkedSeries.of(read.rows(), job, partitions, balanceBy);
        } finally {
            read.release(); // the chunks are cached and computed now
        }
        List<String> columns = input.numericColumns();
        Normalizer normalizer = published != null ? published
                : series.fitNormalizer(job.preprocessing().normalization(), columns);
        ForecastOutputs outputs = ForecastOutputs.of(input.targets(), columns, job.window());
        ChunkWindows cutter = new ChunkWindows(series.starts(),
                input.features().stream().mapToInt(columns::indexOf).toArray(), outputs, normalizer);
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
