package dev.seqtrain.train;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.job.PreparedData;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.WindowPart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading real and broken files through Spark: every problem names its file and line, or is counted. */
class SeriesReaderTest {
    @TempDir
    Path dir;

    private JobConfig job(String input, String... overrides) {
        return JobConfigLoader.parse("test", ConfigFactory.parseString("""
                name = reader
                output = "%s"
                input { %s }
                window { length = 4, horizon = 2 }
                """.formatted(dir.resolve("out"), input)), List.of(overrides));
    }

    private JobConfig csvJob(String file, String... overrides) {
        return job("path = \"" + dir.resolve(file) + "\", features = [v], targets = [v], time-column = t", overrides);
    }

    private PreparedData prepare(JobConfig job) {
        return PreparedData.forTraining(SharedSpark.session(), job, 2);
    }

    private String failure(String file, String content, String... overrides) throws IOException {
        Files.writeString(dir.resolve(file), content);
        return assertThrows(InvalidInputException.class, () -> prepare(csvJob(file, overrides))).getMessage();
    }

    private static String series(int rows) {
        StringBuilder csv = new StringBuilder("t,v\n");
        for (int t = 0; t < rows; t++) {
            csv.append(String.format("%03d,%d%n", t, t % 7));
        }
        return csv.toString();
    }

    @Test
    void brokenFilesFailNamingFileAndLine() throws IOException {
        String file = "file:" + dir;
        assertEquals(file + "/letters.csv:4: column 'v': 'abc' is not a number",
                failure("letters.csv", series(20).replace("002,2", "002,abc")));
        assertEquals(file + "/fields.csv:3: expected 2 fields, found 3",
                failure("fields.csv", series(20).replace("001,1", "001,1,9")));
        assertEquals(file + "/infinite.csv:2: column 'v': 'Infinity' is not a finite number",
                failure("infinite.csv", series(20).replace("000,0", "000,Infinity")));
        assertEquals(file + "/gap.csv:6: column 'v' is empty (missing value; see preprocessing.missing-values)",
                failure("gap.csv", series(20).replace("004,4", "004,")));
        assertEquals(file + "/header.csv:1: no column 'v' (columns: t, value)",
                failure("header.csv", series(20).replace("t,v", "t,value")));
        assertEquals(file + "/empty.csv: empty file (expected a header row)", failure("empty.csv", ""));
        String headerOnly = failure("only-header.csv", "t,v\n");
        assertTrue(headerOnly.endsWith("only-header.csv: no data rows"), headerOnly);
        String twice = failure("twice.csv", series(20) + "003,5\n");
        assertTrue(twice.startsWith("input.path ") && twice.contains("twice.csv: the series has two rows at time 003"), twice);
        // 21 rows make chunks of 6 (one window's span): rows 5 and 6 meet at a chunk boundary.
        String twiceAtEdge = failure("twice-at-edge.csv", series(20) + "005,5\n");
        assertTrue(twiceAtEdge.contains("twice-at-edge.csv: the series has two rows at time 005"), twiceAtEdge);
        InvalidInputException nothing = assertThrows(InvalidInputException.class,
                () -> prepare(csvJob("nothing-*.csv")));
        assertTrue(nothing.getMessage().startsWith("input.path: no such file: file:" + dir + "/nothing-*.csv"),
                nothing.getMessage());
    }

    @Test
    void badRowsAreCountedAndSkippedWhenAsked() throws IOException {
        Files.writeString(dir.resolve("some-bad.csv"), series(40).replace("005,5", "005,five").replace("030,2", "030"));
        String message = assertThrows(InvalidInputException.class, () -> prepare(csvJob("some-bad.csv"))).getMessage();
        assertTrue(message.endsWith(":7: column 'v': 'five' is not a number (and 1 more rows with problems)"), message);

        PreparedData data = prepare(csvJob("some-bad.csv", "preprocessing.bad-rows=skip"));
        assertEquals(2, data.badRowsSkipped());
        assertEquals(38, data.series().layout().rows());
        data.series().release();
    }

    /** Mauna Loa weekly CO2 has 59 empty weeks: real gaps for every missing-value policy. */
    @Test
    void realGapsInTheCo2Series() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("data/co2-weekly.csv")) {
            Files.write(dir.resolve("co2.csv"), in.readAllBytes());
        }
        String input = "path = \"" + dir.resolve("co2.csv") + "\", features = [co2], targets = [co2], time-column = date";
        InvalidInputException failed = assertThrows(InvalidInputException.class, () -> prepare(job(input)));
        assertEquals("file:" + dir.resolve("co2.csv") + ":8: column 'co2' is empty (missing value; see "
                + "preprocessing.missing-values) (and 58 more rows with problems)", failed.getMessage());

        long possible = 0;
        for (String policy : List.of("drop-window", "forward-fill", "interpolate")) {
            PreparedData data = prepare(job(input, "preprocessing.missing-values=" + policy));
            assertEquals(2284, data.series().layout().rows());
            assertEquals(59, data.series().missingValues(), policy);
            long windows = data.windows(WindowPart.TRAIN).count();
            possible = data.series().possibleWindows(WindowPart.TRAIN);
            if (policy.equals("drop-window")) {
                assertEquals(0, data.series().filledValues());
                assertTrue(windows < possible - 59, "each gap drops the windows that need it: " + windows);
            } else {
                assertEquals(59, data.series().filledValues(), policy + " fills every gap inside the series");
                assertEquals(possible, windows);
            }
            data.series().release();
        }
        assertTrue(possible > 1700);
    }

    @Test
    void interpolationFillsAGapOnItsLine() throws IOException {
        Files.writeString(dir.resolve("line.csv"), "t,v\n0,0\n1,10\n2,\n3,\n4,40\n5,50\n6,60\n7,70\n8,80\n9,90\n");
        JobConfig job = job("path = \"" + dir.resolve("line.csv") + "\", features = [v], targets = [v], time-column = t,"
                        + " time-type = number", "preprocessing.missing-values=interpolate", "window.length=2",
                "window.horizon=1", "split.validation-fraction=0.3", "preprocessing.normalization=minmax");
        PreparedData data = prepare(job);
        List<Double> targets = data.windows(WindowPart.ALL).map(w -> w.targets()[0][0]).collect();
        assertEquals(List.of(20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0), targets.subList(0, 8));
        data.series().release();
    }

    @Test
    void parquetColumnsAreTypeCheckedAndReadLikeCsv() throws IOException {
        StructType schema = new StructType().add("sensor", DataTypes.StringType).add("t", DataTypes.LongType)
                .add("v", DataTypes.DoubleType).add("label", DataTypes.StringType);
        List<Row> rows = new java.util.ArrayList<>();
        for (long t = 0; t < 50; t++) {
            rows.add(RowFactory.create(t % 2 == 0 ? "a" : "b", t, (double) t, "x"));
        }
        Dataset<Row> frame = SharedSpark.session().createDataFrame(rows, schema);
        frame.write().parquet(dir.resolve("sensors").toString());
        String base = "path = \"" + dir.resolve("sensors") + "\", format = parquet, series-column = sensor, time-column = t";

        // A third of each series validates: room for a window of 4 steps and its target 2 steps on.
        PreparedData data = prepare(job(base + ", features = [v], targets = [v]", "split.validation-fraction=0.35"));
        assertEquals(2, data.series().layout().seriesCount());
        assertEquals(50, data.series().layout().rows());
        List<Long> starts = data.windows(WindowPart.ALL).map(ForecastWindow::start).collect();
        assertEquals(2 * (25 - 4 + 1), starts.size(), "windows per series, never across");
        data.series().release();

        InvalidInputException typed = assertThrows(InvalidInputException.class,
                () -> prepare(job(base + ", features = [label], targets = [v]")));
        assertTrue(typed.getMessage().endsWith("column 'label' has type string, expected a number"), typed.getMessage());
    }

    /**
     * Values Parquet stores but training cannot use are refused while the rows are read, naming the
     * file, series and time (a timestamp as Spark writes it), and so is a row without a time or series.
     */
    @Test
    void unusableParquetValuesNameTheirFileSeriesAndTime() throws IOException {
        StructType schema = new StructType().add("sensor", DataTypes.StringType).add("t", DataTypes.TimestampType)
                .add("v", DataTypes.DoubleType);
        String[][] cases = {
                {"nan", "NaN", "column 'v' holds NaN in series 'b' at time 2024-01-01 00:00:07: not a finite number"},
                {"huge", "1e39", "column 'v' holds 1.0E39 in series 'b' at time 2024-01-01 00:00:07: not a finite number"},
                {"null", "null", "a missing value in series 'b' at time 2024-01-01 00:00:07 (see preprocessing.missing-values)"},
                {"notime", "time", "a row of series 'b' has no time (input.time-column = t)"},
                {"noseries", "series", "a row has no series (input.series-column = sensor)"}};
        for (String[] c : cases) {
            List<Row> rows = new java.util.ArrayList<>();
            for (int t = 0; t < 20; t++) {
                boolean bad = t == 7;
                java.sql.Timestamp time = bad && c[1].equals("time") ? null
                        : java.sql.Timestamp.valueOf(java.time.LocalDateTime.of(2024, 1, 1, 0, 0, t));
                Double value = (double) t;
                if (bad && !c[1].equals("time") && !c[1].equals("series")) {
                    value = c[1].equals("null") ? null : Double.valueOf(c[1]);
                }
                rows.add(RowFactory.create(bad && c[1].equals("series") ? null : t % 2 == 0 ? "a" : "b", time, value));
            }
            Path data = dir.resolve(c[0]);
            SharedSpark.session().createDataFrame(rows, schema).coalesce(1).write().parquet(data.toString());
            InvalidInputException refused = assertThrows(InvalidInputException.class, () -> prepare(job(
                    "path = \"" + data + "\", format = parquet, series-column = sensor, time-column = t, "
                            + "time-type = number, features = [v], targets = [v]")));
            assertTrue(refused.getMessage().matches(".*/" + c[0] + "/part-[^:]*\\.parquet: .*"), refused.getMessage());
            assertTrue(refused.getMessage().contains(c[2]), refused.getMessage());
        }
    }
}
