package dev.seqtrain;

import dev.seqtrain.sequence.CsvLineParser;
import dev.seqtrain.sequence.SeriesRow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The first {@value #ROWS} hours of the embedded Seattle sample, written once per test JVM. */
public final class SampleSlice {
    public static final int ROWS = 600;
    public static final List<String> COLUMNS = List.of("temperature", "pressure", "wind");
    private static Path csv;

    private SampleSlice() {
    }

    public static synchronized Path csv() {
        if (csv == null) {
            try {
                Path file = Files.createTempFile("seattle-slice", ".csv");
                file.toFile().deleteOnExit();
                Files.write(file, lines());
                csv = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return csv;
    }

    private static List<String> lines() throws IOException {
        try (InputStream in = SampleSlice.class.getClassLoader().getResourceAsStream("samples/seattle-hourly-normals.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(ROWS + 1).toList();
        }
    }

    /** The slice's rows as the sample job reads them: features (the target among them) and time. */
    public static List<SeriesRow> rows() {
        try {
            List<String> lines = lines();
            CsvLineParser parser = new CsvLineParser(lines.get(0), null, "date", false, COLUMNS, false);
            List<SeriesRow> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                rows.add(parser.parse(lines.get(i), i));
            }
            return rows;
        } catch (IOException | CsvLineParser.Problem e) {
            throw new IllegalStateException(e);
        }
    }
}
