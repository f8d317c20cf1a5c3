package dev.seqtrain.train;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.job.PreparedData;
import dev.seqtrain.sequence.CsvLineParser;
import dev.seqtrain.sequence.ForecastWindow;
import dev.seqtrain.sequence.LocalWindows;
import dev.seqtrain.sequence.SeriesRow;
import dev.seqtrain.sequence.WindowPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows cut on the workers from many series in long format, spread over two files in shuffled
 * order with gaps, equal the windows of the single-machine reference: the same windows, in the
 * same order.
 */
class DistributedWindowsTest {
    @TempDir
    Path dir;

    /**
     * Three series of different lengths (one shorter than a window) over two files: rows shuffled, or
     * in time order (the series interleaved by time, the first file ending where the second begins).
     */
    private List<String> writeSeries(Random random, boolean shuffled) throws IOException {
        List<String> lines = new ArrayList<>();
        int[] lengths = {137, 61, 5};
        String[] ids = {"north", "east", "tiny"};
        for (int s = 0; s < ids.length; s++) {
            for (int t = 0; t < lengths[s]; t++) {
                String x = String.format(Locale.ROOT, "%.3f", Math.sin(t / 5.0) * (s + 1) + random.nextGaussian() * 0.1);
                String y = random.nextDouble() < 0.08 ? "" : String.format(Locale.ROOT, "%.3f", t * 0.5 + s * 10);
                lines.add(ids[s] + "," + (1000 + t * 7) + "," + x + "," + y);
            }
        }
        if (shuffled) {
            Collections.shuffle(lines, random);
        } else {
            lines.sort(Comparator.comparing((String line) -> Integer.parseInt(line.split(",")[1])));
        }
        int half = lines.size() / 2;
        Files.write(dir.resolve("part-a.csv"), concat("id,t,x,y", lines.subList(0, half)));
        Files.write(dir.resolve("part-b.csv"), concat("id,t,x,y", lines.subList(half, lines.size())));
        return lines;
    }

    private static List<String> concat(String header, List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add(header);
        out.addAll(lines);
        return out;
    }

    private JobConfig job(String missingValues) {
        return JobConfigLoader.parse("test", ConfigFactory.parseString("""
                name = many
                output = "%s"
                input { path = "%s", features = [x, y], targets = [y], series-column = id, time-column = t, time-type = number }
                window { length = 6, stride = 2, horizon = 3 }
                split { validation-fraction = 0.25, gap = 2 }
                preprocessing { missing-values = %s, chunk-rows = 10, normalization = minmax }
                """.formatted(dir.resolve("out"), dir.resolve("part-*.csv"), missingValues)), List.of());
    }

    private static List<SeriesRow> parse(List<String> lines) throws CsvLineParser.Problem {
        CsvLineParser parser = new CsvLineParser("id,t,x,y", "id", "t", true, List.of("x", "y"), true);
        List<SeriesRow> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(parser.parse(line, 0));
        }
        return rows;
    }

    private static String key(ForecastWindow w) {
        return w.series() + "@" + w.start() + "->" + w.lastRow() + " target " + Arrays.deepToString(w.targets())
                + " last " + Arrays.deepToString(w.persisted());
    }

    @Test
    void workersCutTheSameWindowsInTheSameOrderAsOneMachine() throws Exception {
        for (boolean shuffled : new boolean[]{true, false}) {
            workersCutTheSameWindowsInTheSameOrderAsOneMachine(shuffled);
        }
    }

    private void workersCutTheSameWindowsInTheSameOrderAsOneMachine(boolean shuffled) throws Exception {
        List<String> lines = writeSeries(new Random(7), shuffled);
        for (String policy : List.of("interpolate", "drop-window", "forward-fill")) {
            JobConfig job = job(policy);
            PreparedData data = PreparedData.forTraining(SharedSpark.session(), job, 3);
            assertEquals(shuffled, data.series().sorted(), "rows in time order are numbered without sorting");
            LocalWindows local = new LocalWindows(parse(lines), job.localWindows());
            assertEquals(3, data.series().plan().partitions());
            assertArrayEquals(local.normalizer().shift(), data.normalizer().shift(), 1e-9, "min from training rows only");
            assertArrayEquals(local.normalizer().scale(), data.normalizer().scale(), 1e-9);
            for (WindowPart part : WindowPart.values()) {
                List<Tuple2<String, float[][]>> distributed = data.windows(part)
                        .map(w -> new Tuple2<>(key(w), w.inputs())).collect();
                List<ForecastWindow> expected = local.windows(part);
                assertTrue(expected.size() > 10, policy + " " + part + " has windows");
                assertEquals(expected.size(), distributed.size(), policy + " " + part);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(key(expected.get(i)), distributed.get(i)._1(), policy + " " + part + " window " + i);
                    for (int f = 0; f < 2; f++) {
                        assertArrayEquals(expected.get(i).inputs()[f], distributed.get(i)._2()[f], 1e-6f);
                    }
                }
            }
            assertTrue(data.series().missingValues() > 0);
            if (!policy.equals("drop-window")) {
                assertTrue(data.series().filledValues() > 0, policy + " filled gaps");
            }
            data.series().release();
        }
    }

    @Test
    void seriesShorterThanAWindowContributeNone() throws Exception {
        writeSeries(new Random(8), true);
        PreparedData data = PreparedData.forTraining(SharedSpark.session(), job("interpolate"), 2);
        List<Integer> series = data.windows(WindowPart.ALL).map(ForecastWindow::series).distinct().collect();
        assertEquals(3, data.series().layout().seriesCount());
        int tiny = Arrays.asList("east", "north", "tiny").indexOf("tiny");
        assertEquals("tiny", data.series().layout().id(tiny));
        assertTrue(!series.contains(tiny) && series.size() == 2, "windows from " + series);
        assertEquals(1, data.series().shortSeries(), "the tiny series is counted");
        data.series().release();
    }
}
