package dev.seqtrain.sequence;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the data lines of one CSV file, given its header, into {@link SeriesRow}s. Fields follow RFC
 * 4180 (univocity's parser, as Spark's own CSV reader uses): quoted fields may hold commas and doubled
 * quotes; a byte-order mark before the header is dropped. A bad line becomes a {@link Problem} with a
 * message; the caller turns it into an error naming file and line, or counts it under the skip policy.
 */
public final class CsvLineParser implements Serializable {
    /** The largest magnitude a float holds: seqtrain trains in 32-bit floats. */
    private static final double FLOAT_RANGE = Float.MAX_VALUE;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final int fields;
    private final int seriesPosition;
    private final int timePosition;
    private final int labelPosition;
    private final boolean numericTime;
    private final int[] positions;
    private final String[] columns;
    private final boolean missingAllowed;
    /** univocity's parser is neither serialisable nor thread-safe: one per deserialised copy. */
    private transient CsvParser csv;

    /** Thrown for a line that cannot be used; the message names the column and value, not the line. */
    public static final class Problem extends Exception {
        public Problem(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param header         the file's header line
     * @param seriesColumn   null when the data is one series
     * @param timeColumn     null when rows are in time order already (then the row's position is its time)
     * @param numericTime    sort times as numbers rather than as text
     * @param columns        the numeric columns to read, in order
     * @param missingAllowed whether an empty numeric field is a missing value (NaN) or a problem
     * @throws Problem when the header lacks a column
     */
    public CsvLineParser(String header, String seriesColumn, String timeColumn, boolean numericTime,
                         List<String> columns, boolean missingAllowed) throws Problem {
        this(header, seriesColumn, timeColumn, numericTime, columns, null, missingAllowed);
    }

    /** @param labelColumn each row's sequence label, or null */
    public CsvLineParser(String header, String seriesColumn, String timeColumn, boolean numericTime,
                         List<String> columns, String labelColumn, boolean missingAllowed) throws Problem {
        List<String> names = headerNames(header);
        this.fields = names.size();
        this.seriesPosition = seriesColumn == null ? -1 : position(names, seriesColumn, "series column");
        this.timePosition = timeColumn == null ? -1 : position(names, timeColumn, "time column");
        this.labelPosition = labelColumn == null ? -1 : position(names, labelColumn, "label column");
        this.numericTime = numericTime;
        this.columns = columns.toArray(String[]::new);
        this.positions = new int[columns.size()];
        for (int c = 0; c < positions.length; c++) {
            positions[c] = position(names, columns.get(c), "column");
        }
        this.missingAllowed = missingAllowed;
    }

    /** The column names of a header line (RFC 4180 quoting, a byte-order mark dropped). */
    public static List<String> headerNames(String header) {
        String[] fields = newParser().parseLine(header.isEmpty() || header.charAt(0) != BYTE_ORDER_MARK ? header
                : header.substring(1));
        if (fields == null) {
            return List.of();
        }
        return Arrays.stream(fields).map(name -> name == null ? "" : name).toList();
    }

    private static int position(List<String> names, String column, String what) throws Problem {
        int position = names.indexOf(column);
        if (position < 0) {
            throw new Problem("no " + what + " '" + column + "' (columns: " + String.join(", ", names) + ")");
        }
        if (names.lastIndexOf(column) != position) {
            throw new Problem("the header names column '" + column + "' twice (fields " + (position + 1) + " and "
                    + (names.lastIndexOf(column) + 1) + "): which one is meant?");
        }
        return position;
    }

    /** @param rowNumber the line's position, used as its time when there is no time column */
    public SeriesRow parse(String line, long rowNumber) throws Problem {
        String[] parts = split(line);
        if (parts.length != fields) {
            throw new Problem("expected " + fields + " fields, found " + parts.length
                    + (line.indexOf('"') >= 0 ? " (a quoted field that spans lines is not supported)" : ""));
        }
        double[] values = new double[positions.length];
        for (int c = 0; c < positions.length; c++) {
            String text = field(parts[positions[c]]);
            if (text.isEmpty()) {
                if (!missingAllowed) {
                    throw new Problem("column '" + columns[c] + "' is empty (missing value; see preprocessing.missing-values)");
                }
                values[c] = Double.NaN;
                continue;
            }
            try {
                values[c] = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new Problem("column '" + columns[c] + "': '" + text + "' is not a number");
            }
            if (!Double.isFinite(values[c])) {
                throw new Problem("column '" + columns[c] + "': '" + text + "' is not a finite number");
            }
            if (Math.abs(values[c]) > FLOAT_RANGE) {
                throw new Problem("column '" + columns[c] + "': " + text + " is beyond what a 32-bit float holds "
                        + "(about 3.4e38), and seqtrain trains in floats: rescale the column");
            }
        }
        String series = seriesPosition < 0 ? "" : field(parts[seriesPosition]);
        String label = null;
        if (labelPosition >= 0) {
            label = field(parts[labelPosition]);
            if (label.isEmpty()) {
                throw new Problem("the label column is empty");
            }
        }
        if (timePosition < 0) {
            return new SeriesRow(series, null, rowNumber, values, label);
        }
        String time = field(parts[timePosition]);
        if (time.isEmpty()) {
            throw new Problem("the time column is empty");
        }
        if (!numericTime) {
            return new SeriesRow(series, time, 0, values, label);
        }
        try {
            return new SeriesRow(series, time, Double.parseDouble(time), values, label);
        } catch (NumberFormatException e) {
            throw new Problem("time '" + time + "' is not a number (input.time-type = number)");
        }
    }

    private String[] split(String line) {
        if (csv == null) {
            csv = newParser();
        }
        String[] parts = csv.parseLine(line);
        return parts == null ? new String[0] : parts;
    }

    private static CsvParser newParser() {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(',');
        settings.getFormat().setQuote('"');
        settings.getFormat().setQuoteEscape('"');
        settings.getFormat().setComment('\0'); // no comment lines: a row may start with '#' (as Spark reads it)
        settings.getFormat().setLineSeparator("\n");
        settings.setIgnoreLeadingWhitespaces(true);
        settings.setIgnoreTrailingWhitespaces(true);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setMaxColumns(100_000);
        settings.setMaxCharsPerColumn(-1);
        return new CsvParser(settings);
    }

    /** A field's text without surrounding blanks ({@code \r} of Windows line ends included). */
    private static String field(String text) {
        return text == null ? "" : text.strip();
    }
}
