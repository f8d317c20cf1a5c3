package dev.seqtrain.train;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InputFormat;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.sequence.CsvLineParser;
import dev.seqtrain.sequence.SeriesRow;
import dev.seqtrain.sequence.TimeFormat;
import dev.seqtrain.storage.InputFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.apache.spark.sql.functions.col;

/**
 * Spark glue: reads the job's input on the workers into {@link SeriesRow}s. CSV keeps each line's
 * file and byte offset, so a bad value fails with the file and line at fault (or, under the skip
 * policy, is counted and reported); Parquet's column types are checked against the job first.
 */
public final class SeriesReader {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesReader.class);
    private static final int EXAMPLES = 5;
    /** Without a time column, rows order by file, then offset: a file may hold up to 1 TiB. */
    private static final long FILE_STRIDE = 1L << 40;

    private SeriesReader() {
    }

    /**
     * @param badRows rows skipped under {@code bad-rows = skip}, with up to five examples as file:line: problem
     * @param locate  where the first row of a series (with a given label, or any when null) was read:
     *                file and line for CSV, the input otherwise; for messages about a whole sequence
     */
    public record Result(JavaRDD<SeriesRow> rows, long badRows, List<String> examples,
                         BiFunction<String, String, String> locate, JavaRDD<?> cached) {
        /**
         * Frees the cached input once what was built from it is cached and computed; the rows stay
         * usable (Spark re-reads them if asked).
         */
        public void release() {
            if (cached != null) {
                cached.unpersist(false);
            }
        }
    }

    /**
     * @param cacheRows whether the caller reads the rows more than once (a Parquet or table input is
     *                  then cached as read; CSV always is, to report its bad rows first)
     * @param timeTexts whether every row needs its time as text; else a numeric time column's text is
     *                  written only for messages (CSV rows always have it)
     */
    public static Result read(SparkSession spark, InputConfig input, boolean missingAllowed, boolean skipBadRows,
                              boolean cacheRows, boolean timeTexts) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (InputFiles.isEmbedded(input.path())) {
            return embedded(sc, input, missingAllowed);
        }
        if (InputFiles.isTable(input.path())) {
            String name = InputFiles.tableName(input.path());
            return frame(table(spark, name), "table " + name, input, missingAllowed, cacheRows, timeTexts);
        }
        return input.format() == InputFormat.PARQUET ? parquet(spark, input, missingAllowed, cacheRows, timeTexts)
                : csv(sc, input, missingAllowed, skipBadRows);
    }

    /**
     * Whether the input has {@code column}, judged by its first file's header (CSV) or schema (Parquet):
     * a classifier predicts on data without labels.
     */
    public static boolean hasColumn(SparkSession spark, InputConfig input, String column) {
        if (InputFiles.isEmbedded(input.path())) {
            try (BufferedReader reader = InputFiles.openEmbedded("input.path", input.path())) {
                String header = reader.readLine();
                return header != null && CsvLineParser.headerNames(header).contains(column);
            } catch (IOException e) {
                throw new UncheckedIOException(input.path() + ": read failed", e);
            }
        }
        if (InputFiles.isTable(input.path())) {
            return List.of(table(spark, InputFiles.tableName(input.path())).columns()).contains(column);
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<Path> files = InputFiles.list("input.path", input.path(), conf);
        if (input.format() == InputFormat.PARQUET) {
            return List.of(readParquet(spark, files, Redaction.uris(input.path())).columns()).contains(column);
        }
        String header = InputFiles.firstLine(files.get(0), conf);
        return header != null && CsvLineParser.headerNames(header).contains(column);
    }

    /** A line that parsed, or the problem with it. A plain class: Spark's Kryo cannot serialise records. */
    private static final class Parsed implements Serializable {
        private final SeriesRow row;
        private final String file;
        private final long offset;
        private final String problem;

        private Parsed(SeriesRow row, String file, long offset, String problem) {
            this.row = row;
            this.file = file;
            this.offset = offset;
            this.problem = problem;
        }
    }

    private static Result csv(JavaSparkContext sc, InputConfig input, boolean missingAllowed, boolean skipBadRows) {
        Configuration conf = sc.hadoopConfiguration();
        List<Path> files = InputFiles.list("input.path", input.path(), conf);
        // Each file's parser, made from its header on the driver: a header without a column fails here.
        Map<String, CsvLineParser> parsers = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        for (Path file : files) {
            String header = InputFiles.firstLine(file, conf);
            if (header == null || header.isBlank()) {
                throw new InvalidInputException(Redaction.uris(file.toString()) + ": empty file (expected a header row)");
            }
            parsers.put(file.toString(), parser(input, header, missingAllowed, file.toString()));
            order.put(file.toString(), order.size());
        }
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopFile(
                String.join(",", files.stream().map(Path::toString).toList()),
                TextInputFormat.class, LongWritable.class, Text.class, conf);
        JavaRDD<Parsed> parsed = lines.mapPartitionsWithInputSplit((split, records) -> {
            String file = ((FileSplit) split).getPath().toString();
            CsvLineParser parser = parsers.get(file);
            long base = order.get(file) * FILE_STRIDE;
            List<Parsed> out = new ArrayList<>();
            while (records.hasNext()) {
                scala.Tuple2<LongWritable, Text> record = records.next();
                long offset = record._1().get();
                String line = record._2().toString();
                if (offset == 0 || line.isBlank()) {
                    continue;
                }
                try {
                    out.add(new Parsed(parser.parse(line, base + offset), file, offset, null));
                } catch (CsvLineParser.Problem problem) {
                    out.add(new Parsed(null, file, offset, problem.getMessage()));
                }
            }
            return out.iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK_SER());

        JavaRDD<Parsed> bad = parsed.filter(p -> p.problem != null);
        List<String> examples = bad.take(EXAMPLES).stream().map(p -> where(p, conf) + ": " + p.problem).toList();
        long badRows = examples.isEmpty() ? 0 : bad.count();
        if (badRows > 0 && !skipBadRows) {
            parsed.unpersist(false);
            throw new InvalidInputException(examples.get(0)
                    + (badRows > 1 ? " (and " + (badRows - 1) + " more rows with problems)" : ""));
        }
        if (badRows > 0) {
            LOG.warn("skipped {} bad rows (preprocessing.bad-rows = skip); the first: {}", badRows, examples);
        }
        BiFunction<String, String, String> locate = (series, label) -> parsed
                .filter(p -> p.row != null && p.row.series().equals(series) && (label == null || label.equals(p.row.label())))
                .take(1).stream().map(p -> where(p, conf)).findFirst().orElse(Redaction.uris(input.path()));
        return new Result(parsed.filter(p -> p.row != null).map(p -> p.row), badRows, examples, locate, parsed);
    }

    private static String where(Parsed parsed, Configuration conf) {
        Path file = new Path(parsed.file);
        return Redaction.uris(parsed.file) + ":" + InputFiles.lineAt(file, parsed.offset, conf);
    }

    private static CsvLineParser parser(InputConfig input, String header, boolean missingAllowed, String file) {
        try {
            return new CsvLineParser(header, input.seriesColumn(), input.timeColumn(), input.numericTime(),
                    input.numericColumns(), input.labelColumn(), missingAllowed);
        } catch (CsvLineParser.Problem problem) {
            throw new InvalidInputException(Redaction.uris(file) + ":1: " + problem.getMessage());
        }
    }

    /** Embedded samples are small: parsed on the driver, with line numbers counted directly. */
    private static Result embedded(JavaSparkContext sc, InputConfig input, boolean missingAllowed) {
        List<SeriesRow> rows = new ArrayList<>();
        try (BufferedReader reader = InputFiles.openEmbedded("input.path", input.path())) {
            String header = reader.readLine();
            CsvLineParser parser = parser(input, header, missingAllowed, input.path());
            long lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(parser.parse(line, lineNumber));
                } catch (CsvLineParser.Problem problem) {
                    throw new InvalidInputException(input.path() + ":" + lineNumber + ": " + problem.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(input.path() + ": read failed", e);
        }
        return new Result(sc.parallelize(rows, sc.defaultParallelism()), 0, List.of(), (series, label) -> input.path(),
                null);
    }

    /** Spark reads the footers here for the schema: a file that is not Parquet is the input's fault. */
    private static Dataset<Row> readParquet(SparkSession spark, List<Path> files, String source) {
        try {
            return spark.read().parquet(files.stream().map(Path::toString).toArray(String[]::new));
        } catch (Exception e) { // Spark's checked exceptions arrive undeclared
            String notParquet = null; // the innermost message names the file
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage());
                if (message.contains("is not a Parquet file")) {
                    notParquet = message.lines().findFirst().orElse(source);
                }
            }
            if (notParquet != null) {
                throw new InvalidInputException(Redaction.uris(notParquet) + " (input.format = parquet)");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("cannot read " + source, e);
        }
    }

    /** A table of the session's catalog, or a clear error naming it. */
    static Dataset<Row> table(SparkSession spark, String name) {
        if (!spark.catalog().tableExists(name)) {
            throw new InvalidInputException("input.path: no table or view '" + name + "' in the Spark session");
        }
        return spark.table(name);
    }

    private static Result parquet(SparkSession spark, InputConfig input, boolean missingAllowed, boolean cacheRows,
                                  boolean timeTexts) {
        List<Path> files = InputFiles.list("input.path", input.path(), spark.sparkContext().hadoopConfiguration());
        String source = Redaction.uris(input.path());
        return frame(readParquet(spark, files, source), source, input, missingAllowed, cacheRows, timeTexts);
    }

    /**
     * Rows of a DataFrame (Parquet files, or a table): column types checked, then missing and unusable
     * values, named by file (or {@code source}), series and time.
     */
    private static Result frame(Dataset<Row> data, String source, InputConfig input, boolean missingAllowed,
                                boolean cacheRows, boolean timeTexts) {
        List<String> numeric = input.numericColumns();
        for (String column : numeric) {
            DataType type = type(data, column, source);
            if (!(type instanceof DecimalType) && !List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType,
                    DataTypes.LongType, DataTypes.FloatType, DataTypes.DoubleType).contains(type)) {
                throw new InvalidInputException(source + ": column '" + column + "' has type " + type.simpleString()
                        + ", expected a number");
            }
        }
        boolean sortNumeric = true;
        TimeFormat timeFormat = null; // a numeric time's text is written only for messages, unless asked for
        List<Column> selected = new ArrayList<>();
        selected.add(input.seriesColumn() == null ? org.apache.spark.sql.functions.lit("") : col(input.seriesColumn()).cast("string"));
        if (input.timeColumn() != null) {
            DataType timeType = type(data, input.timeColumn(), source);
            boolean numericType = timeType.equals(DataTypes.TimestampType) || timeType.equals(DataTypes.DateType)
                    || timeType.equals(DataTypes.LongType) || timeType.equals(DataTypes.IntegerType)
                    || timeType.equals(DataTypes.DoubleType);
            if (input.numericTime() && !numericType) {
                throw new InvalidInputException(source + ": time column '" + input.timeColumn() + "' has type "
                        + timeType.simpleString() + " but input.time-type = number");
            }
            sortNumeric = numericType;
            timeFormat = numericType && !timeTexts ? timeFormat(timeType, data.sparkSession()) : null;
            selected.add(timeFormat == null ? col(input.timeColumn()).cast("string")
                    : org.apache.spark.sql.functions.lit(null).cast("string"));
            // A date casts to a number only through a timestamp (directly it is null).
            Column time = timeType.equals(DataTypes.DateType) ? col(input.timeColumn()).cast("timestamp")
                    : col(input.timeColumn());
            selected.add(numericType ? time.cast("double") : org.apache.spark.sql.functions.lit(0.0));
        } else {
            selected.add(org.apache.spark.sql.functions.lit(null).cast("string"));
            selected.add(org.apache.spark.sql.functions.monotonically_increasing_id().cast("double"));
        }
        numeric.forEach(column -> selected.add(col(column).cast("double")));
        if (input.labelColumn() != null) {
            type(data, input.labelColumn(), source);
        }
        selected.add(input.labelColumn() == null ? org.apache.spark.sql.functions.lit(null).cast("string")
                : col(input.labelColumn()).cast("string"));
        Dataset<Row> rows = data.select(selected.toArray(Column[]::new));
        int first = 3;
        boolean numericTime = sortNumeric;
        // Spark's internal rows, straight from its vectorised Parquet reader: no Row object per row.
        String seriesColumn = input.seriesColumn();
        boolean oneSeries = seriesColumn == null;
        String timeColumn = input.timeColumn();
        TimeFormat format = timeFormat;
        JavaRDD<SeriesRow> parsed = rows.queryExecution().toRdd().toJavaRDD().mapPartitions(internal -> {
            Strings series = new Strings();
            FrameRows frame = new FrameRows(source, numeric, first, missingAllowed);
            return new Iterator<SeriesRow>() {
                @Override
                public boolean hasNext() {
                    return internal.hasNext();
                }

                @Override
                public SeriesRow next() {
                    InternalRow row = internal.next();
                    if (!oneSeries && row.isNullAt(0)) {
                        return SeriesRow.unusable("", null, frame.where() + ": a row has no series (input.series-column = "
                                + seriesColumn + ")");
                    }
                    String id = oneSeries ? "" : series.of(row.getUTF8String(0));
                    String time = row.isNullAt(1) ? null : row.getUTF8String(1).toString();
                    double number = numericTime ? row.getDouble(2) : 0;
                    if (timeColumn != null && row.isNullAt(numericTime ? 2 : 1)) {
                        return SeriesRow.unusable(id, null, frame.where() + ": a row of series '" + id
                                + "' has no time (input.time-column = " + timeColumn + ")");
                    }
                    double[] values = new double[numeric.size()];
                    int bad = frame.values(row, values);
                    if (bad >= 0) {
                        return SeriesRow.unusable(id, time, frame.problem(row, bad, id,
                                time != null || format == null ? time : format.text(number)));
                    }
                    int label = first + values.length;
                    return new SeriesRow(id, time, number, values,
                            row.isNullAt(label) ? null : row.getUTF8String(label).toString(), frame.file(), format);
                }
            };
        });
        if (!cacheRows) { // the caller refuses unusable rows as it reads them
            return new Result(parsed, 0, List.of(), (series, label) -> source, null);
        }
        // A caller that reads the rows several times: read the files once, and refuse unusable rows first.
        parsed.persist(StorageLevel.MEMORY_AND_DISK_SER());
        List<SeriesRow> unusable = parsed.filter(row -> row.problem() != null).take(1);
        if (!unusable.isEmpty()) {
            parsed.unpersist(false);
            throw new InvalidInputException(unusable.get(0).problem());
        }
        return new Result(parsed, 0, List.of(), (series, label) -> source, parsed);
    }

    /**
     * A DataFrame row's numbers, checked: missing values (unless allowed), NaN, infinities and values
     * beyond a float's range are stored by Parquet, but training cannot use them. Also counts the
     * files a partition's rows come from (Spark packs small files into one partition).
     */
    private static final class FrameRows {
        private final String source;
        private final List<String> numeric;
        private final int first;
        private final boolean missingAllowed;
        private UTF8String path;
        private int files;

        FrameRows(String source, List<String> numeric, int first, boolean missingAllowed) {
            this.source = source;
            this.numeric = numeric;
            this.first = first;
            this.missingAllowed = missingAllowed;
        }

        /** Fills {@code values} (NaN for a missing value); returns the first unusable column, or -1. */
        int values(InternalRow row, double[] values) {
            // The path of the file being read, which input_file_name() reports: a string object per file.
            UTF8String current = InputFileBlockHolder.getInputFilePath();
            if (current != path) {
                path = current;
                files++;
            }
            for (int c = 0; c < values.length; c++) {
                if (row.isNullAt(first + c)) {
                    values[c] = Double.NaN;
                    if (!missingAllowed) {
                        return c;
                    }
                    continue;
                }
                double value = row.getDouble(first + c);
                values[c] = value;
                if (Double.isNaN(value) || Math.abs(value) > Float.MAX_VALUE) {
                    return c;
                }
            }
            return -1;
        }

        /** Why column {@code c} of the row cannot be used, naming the file, series and time. */
        String problem(InternalRow row, int c, String series, String time) {
            if (row.isNullAt(first + c)) {
                return where() + ": a missing value in series '" + series + "' at time " + time
                        + " (see preprocessing.missing-values)";
            }
            return where() + ": column '" + numeric.get(c) + "' holds " + row.getDouble(first + c) + " in series '"
                    + series + "' at time " + time + ": not a finite number a 32-bit float holds (seqtrain trains in floats)";
        }

        /** Which of the partition's files the last row came from. */
        int file() {
            return files;
        }

        /** The file being read, or the table. */
        String where() {
            return Redaction.uris(path == null || path.numBytes() == 0 ? source : path.toString());
        }
    }

    /** One string per run of equal values, not one per row: a series' rows arrive together. */
    private static final class Strings {
        private UTF8String lastBytes;
        private String last;

        String of(UTF8String bytes) {
            if (!bytes.equals(lastBytes)) {
                lastBytes = bytes.clone();
                last = bytes.toString();
            }
            return last;
        }
    }

    /** How Spark writes a numeric time column of {@code type} as text. */
    private static TimeFormat timeFormat(DataType type, SparkSession spark) {
        String zone = spark.conf().get("spark.sql.session.timeZone");
        if (type.equals(DataTypes.TimestampType)) {
            return TimeFormat.timestamp(zone);
        }
        if (type.equals(DataTypes.DateType)) {
            return TimeFormat.date(zone);
        }
        return type.equals(DataTypes.DoubleType) ? TimeFormat.decimal() : TimeFormat.whole();
    }

    private static DataType type(Dataset<Row> data, String column, String source) {
        for (StructField field : data.schema().fields()) {
            if (field.name().equals(column)) {
                return field.dataType();
            }
        }
        throw new InvalidInputException(source + ": no column '" + column + "' (columns: "
                + String.join(", ", data.columns()) + ")");
    }

}
