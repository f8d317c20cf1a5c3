package dev.seqtrain.job;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.storage.Json;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.sequence.Chunk;
import dev.seqtrain.sequence.ChunkWindows;
import dev.seqtrain.sequence.ColumnStats;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.SeriesLayout;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.sequence.WindowShape;
import dev.seqtrain.sequence.WindowStarts;
import dev.seqtrain.train.ChunkedSeries;
import dev.seqtrain.train.SeriesReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.sin;

/**
 * Windowing throughput on a generated series: the in-memory windowing step on one thread, and the
 * whole distributed preparation (sort, number, chunk, window) through Spark. Prints a table and
 * writes JSON; run it with {@code scripts/bench-windowing}. Timesteps/s counts input rows windowed
 * per second.
 */
public final class WindowingBenchmark {
    private WindowingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        long rows = Long.parseLong(options.getOrDefault("--rows", "10000000"));
        int features = Integer.parseInt(options.getOrDefault("--features", "8"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "3"));
        Path json = Path.of(options.getOrDefault("--json", "target/bench/windowing.json"));

        List<Map<String, Object>> results = new ArrayList<>();
        double[][] values = options.containsKey("--skip-in-memory") ? null : generate((int) rows, features);
        for (int stride : options.containsKey("--skip-in-memory") ? new int[0] : new int[]{32, 1}) {
            results.add(singleThread(values, features, 32, stride, runs));
        }
        values = null;
        SparkSession spark = SparkSessions.getOrCreate("seqtrain windowing benchmark");
        Path scratch = Files.createTempDirectory("seqtrain-windowing");
        try {
            results.add(spark(spark, rows / 10, features, runs, true, false, scratch));
            results.add(spark(spark, rows, features, runs, true, false, scratch));
            if (!options.containsKey("--skip-shuffled")) {
                results.add(spark(spark, rows / 10, features, runs, false, false, scratch));
            }
            if (!options.containsKey("--skip-csv")) {
                results.add(spark(spark, rows / 10, features, runs, true, true, scratch));
            }
        } finally {
            spark.stop();
            deleteRecursively(scratch);
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-64s %12s %16s %14s %14s%n", "arm", "rows", "timesteps/s", "median s", "driver state");
        for (Map<String, Object> r : results) {
            System.out.printf(Locale.ROOT, "%-64s %,12d %,16.0f %14.2f %14s%n", r.get("arm"), r.get("rows"),
                    r.get("timestepsPerSecond"), r.get("medianSeconds"), r.getOrDefault("driverStateBytes", "-"));
        }
        System.out.printf(Locale.ROOT, "peak heap of this JVM (driver and local executors): %,d MB; cores: %d%n",
                peakHeapBytes() / (1 << 20), Runtime.getRuntime().availableProcessors());
        Files.createDirectories(json.toAbsolutePath().getParent());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("features", features);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("peakHeapBytes", peakHeapBytes());
        report.put("results", results);
        Files.writeString(json, Json.write(report));
        System.out.println("wrote " + json);
    }

    /** A smooth signal plus noise per feature: the values do not matter to windowing speed. */
    private static double[][] generate(int rows, int features) {
        double[][] values = new double[rows][];
        IntStream.range(0, rows).parallel().forEach(t -> {
            SplittableRandom random = new SplittableRandom(t);
            double[] row = new double[features];
            for (int f = 0; f < features; f++) {
                row[f] = Math.sin(t / (24.0 + f)) + random.nextDouble() * 0.1;
            }
            values[t] = row;
        });
        return values;
    }

    private static Map<String, Object> singleThread(double[][] values, int features, int length, int stride, int runs) {
        SeriesLayout layout = SeriesLayout.byFraction(new String[]{""}, new long[]{values.length}, 0.2, 0);
        WindowStarts starts = new WindowStarts(layout, new WindowShape(length, stride, 1));
        ColumnStats[] stats = new ColumnStats[features];
        List<String> columns = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            stats[f] = new ColumnStats().add(0).add(1);
            columns.add("f" + f);
        }
        Normalizer normalizer = Normalizer.fit(Normalizer.Method.STANDARD, columns, stats);
        ChunkWindows cutter = new ChunkWindows(starts, IntStream.range(0, features).toArray(), 0, normalizer);
        Chunk all = new Chunk(0, values, null);
        Chunk none = new Chunk(values.length, new double[0][], null);
        double[] seconds = new double[runs];
        long windows = 0;
        for (int run = 0; run < runs; run++) {
            double[] sink = new double[1];
            long[] count = new long[1];
            long start = System.nanoTime();
            cutter.cut(new Chunk(0, new double[0][], null), all, none, WindowPart.ALL, window -> {
                sink[0] += window.inputs()[features - 1][length - 1];
                count[0]++;
            }, new ChunkWindows.Skipped());
            seconds[run] = (System.nanoTime() - start) / 1e9;
            windows = count[0];
            if (sink[0] == 42) {
                System.out.print("");
            }
        }
        double median = Summaries.median(seconds);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("arm", "one thread, in memory, length 32, stride " + stride);
        result.put("rows", (long) values.length);
        result.put("windows", windows);
        result.put("seconds", seconds);
        result.put("medianSeconds", median);
        result.put("timestepsPerSecond", values.length / median);
        return result;
    }

    /**
     * Writes {@code rows} generated rows as Parquet (not timed), in time order or shuffled, then times
     * what a training run does with them: read, number, chunk, fit the normaliser, cut every window.
     */
    private static Map<String, Object> spark(SparkSession spark, long rows, int features, int runs, boolean inOrder,
                                             boolean csv, Path scratch) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = sc.defaultParallelism();
        List<String> columns = new ArrayList<>();
        List<Column> generated = new ArrayList<>();
        generated.add(col("id").as("t"));
        for (int f = 0; f < features; f++) {
            columns.add("f" + f);
            generated.add(sin(col("id").divide(24.0 + f)).plus(rand(f).multiply(0.1)).as("f" + f));
        }
        Path data = scratch.resolve((inOrder ? "in-order-" : "shuffled-") + rows + (csv ? "-csv" : ""));
        Dataset<Row> table = spark.range(0, rows, 1, partitions).select(generated.toArray(Column[]::new));
        Dataset<Row> written = inOrder ? table : table.orderBy(rand(42));
        if (csv) {
            written.write().option("header", true).csv(data.toString());
        } else {
            written.write().parquet(data.toString());
        }
        JobConfig job = JobConfigLoader.parse("benchmark", ConfigFactory.parseString("""
                name = bench
                output = /tmp/unused
                input { path = "%s", format = %s, features = %s, targets = [f0], time-column = t, time-type = number }
                window { length = 32, stride = 32, horizon = 1 }
                """.formatted(csv ? data.toUri() + "/*.csv" : data.toUri(), csv ? "csv" : "parquet", columns)), List.of());
        double[] seconds = new double[runs];
        long windows = 0;
        long driverState = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            SeriesReader.Result read = SeriesReader.read(spark, job.input(), false, false, false, false);
            double checked = (System.nanoTime() - start) / 1e9;
            ChunkedSeries series = ChunkedSeries.of(read.rows(), job, partitions, WindowPart.ALL, false);
            double chunked = (System.nanoTime() - start) / 1e9;
            Normalizer normalizer = series.fitNormalizer(Normalizer.Method.STANDARD, columns);
            double fitted = (System.nanoTime() - start) / 1e9;
            ChunkWindows cutter = new ChunkWindows(series.starts(), IntStream.range(0, features).toArray(), 0, normalizer);
            windows = series.windows(cutter, WindowPart.ALL).count();
            seconds[run] = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%,d rows: schema and values checked %.2f s, chunked %.2f s, normaliser "
                    + "fitted %.2f s, windows cut %.2f s%n", rows, checked, chunked, fitted, seconds[run]);
            driverState = series.driverStateBytes();
            series.release();
        }
        deleteRecursively(data);
        double median = Summaries.median(seconds);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("arm", "Spark local[" + partitions + "], " + (csv ? "CSV " : "Parquet ")
                + (inOrder ? "in time order" : "shuffled (sorted)")
                + " to windows, stride 32");
        result.put("rows", rows);
        result.put("windows", windows);
        result.put("seconds", seconds);
        result.put("medianSeconds", median);
        result.put("timestepsPerSecond", rows / median);
        result.put("driverStateBytes", driverState);
        return result;
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** {@code --name value} pairs, and {@code --flag}s on their own. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            options.put(args[i], flag ? "" : args[++i]);
        }
        return options;
    }
}
