package dev.seqtrain;

import dev.seqtrain.sequence.CsvSeriesReader;
import dev.seqtrain.sequence.Series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The first {@value #ROWS} hours of the embedded Seattle sample, written once per test JVM. */
public final class SampleSlice {
    public static final int ROWS = 600;
    private static Path csv;

    private SampleSlice() {
    }

    public static synchronized Path csv() {
        if (csv == null) {
            try (InputStream in = SampleSlice.class.getClassLoader()
                    .getResourceAsStream("samples/seattle-hourly-normals.csv")) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .limit(ROWS + 1).toList();
                Path file = Files.createTempFile("seattle-slice", ".csv");
                file.toFile().deleteOnExit();
                Files.write(file, lines);
                csv = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return csv;
    }

    /** The slice as the sample job reads it: features, target and time column. */
    public static Series series() {
        try (BufferedReader reader = Files.newBufferedReader(csv())) {
            return CsvSeriesReader.read(csv().toString(), reader, List.of("temperature", "pressure", "wind"), "date");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
