package dev.seqtrain.sequence;

import dev.seqtrain.config.InvalidInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the selected numeric columns of a CSV file with a header row. Any bad row fails the read
 * with the file and line at fault: a silently skipped row would shift every window after it.
 */
public final class CsvSeriesReader {
    private CsvSeriesReader() {
    }

    public static Series read(String source, BufferedReader reader, List<String> columns) {
        return read(source, reader, columns, null);
    }

    /** Also keeps the text of {@code timeColumn} for every row, when it is not null. */
    public static Series read(String source, BufferedReader reader, List<String> columns, String timeColumn) {
        try {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new InvalidInputException(source + ": empty file (expected a header row)");
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(CsvSeriesReader::unquote).toList();
            int[] positions = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                positions[c] = names.indexOf(columns.get(c));
                if (positions[c] < 0) {
                    throw new InvalidInputException(source + ":1: no column '" + columns.get(c) + "' (columns: "
                            + String.join(", ", names) + ")");
                }
            }
            int timePosition = -1;
            if (timeColumn != null) {
                timePosition = names.indexOf(timeColumn);
                if (timePosition < 0) {
                    throw new InvalidInputException(source + ":1: no time column '" + timeColumn + "' (columns: "
                            + String.join(", ", names) + ")");
                }
            }
            List<double[]> rows = new ArrayList<>();
            List<String> times = new ArrayList<>();
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parseRow(source, lineNumber, line, names, columns, positions));
                if (timePosition >= 0) {
                    times.add(unquote(line.split(",", -1)[timePosition]));
                }
            }
            if (rows.isEmpty()) {
                throw new InvalidInputException(source + ": no data rows after the header");
            }
            return new Series(source, columns, rows.toArray(double[][]::new),
                    timePosition >= 0 ? times.toArray(String[]::new) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": read failed", e);
        }
    }

    private static double[] parseRow(String source, int lineNumber, String line, List<String> names,
                                     List<String> columns, int[] positions) {
        String[] fields = line.split(",", -1);
        if (fields.length != names.size()) {
            throw new InvalidInputException(source + ":" + lineNumber + ": expected " + names.size()
                    + " fields, found " + fields.length);
        }
        double[] row = new double[positions.length];
        for (int c = 0; c < positions.length; c++) {
            String text = unquote(fields[positions[c]]);
            String where = source + ":" + lineNumber + ": column '" + columns.get(c) + "'";
            if (text.isEmpty()) {
                throw new InvalidInputException(where + " is empty (missing value)");
            }
            try {
                row[c] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": '" + text + "' is not a number");
            }
            if (!Double.isFinite(row[c])) {
                throw new InvalidInputException(where + ": '" + text + "' is not a finite number");
            }
        }
        return row;
    }

    private static String unquote(String field) {
        String trimmed = field.trim();
        if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
            return trimmed.substring(1, trimmed.length() - 1).trim();
        }
        return trimmed;
    }
}
