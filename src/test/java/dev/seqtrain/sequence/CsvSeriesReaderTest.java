package dev.seqtrain.sequence;

import dev.seqtrain.config.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvSeriesReaderTest {
    private static Series read(String csv, String... columns) {
        return CsvSeriesReader.read("data.csv", new BufferedReader(new StringReader(csv)), List.of(columns));
    }

    private static String failure(String csv, String... columns) {
        return assertThrows(InvalidInputException.class, () -> read(csv, columns)).getMessage();
    }

    @Test
    void readsSelectedColumnsInTheRequestedOrder() {
        Series series = read("""
                date,pressure,temperature
                2010-01-01T01:00:00,1016.6,4.0
                "2010-01-01T02:00:00", 1016.5 ,"3.9"

                2010-01-01T03:00:00,1016.7,-3.8e0
                """, "temperature", "pressure");
        assertEquals(List.of("temperature", "pressure"), series.columns());
        assertEquals(3, series.length());
        assertArrayEquals(new double[]{4.0, 1016.6}, series.values()[0]);
        assertArrayEquals(new double[]{3.9, 1016.5}, series.values()[1]);
        assertArrayEquals(new double[]{-3.8, 1016.7}, series.values()[2]);
    }

    @Test
    void missingColumnIsNamedWithTheColumnsThatExist() {
        assertEquals("data.csv:1: no column 'wind' (columns: date, temperature)",
                failure("date,temperature\nx,1\n", "wind"));
    }

    @Test
    void nonNumericValueNamesLineAndColumn() {
        assertEquals("data.csv:3: column 'temperature': 'warm' is not a number",
                failure("date,temperature\nx,1\ny,warm\n", "temperature"));
    }

    @Test
    void emptyValueIsAMissingValue() {
        assertEquals("data.csv:2: column 'temperature' is empty (missing value)",
                failure("date,temperature\nx,\n", "temperature"));
    }

    @Test
    void infiniteValueIsRejected() {
        assertEquals("data.csv:2: column 't': 'Infinity' is not a finite number", failure("t\nInfinity\n", "t"));
        assertEquals("data.csv:2: column 't': 'NaN' is not a finite number", failure("t\nNaN\n", "t"));
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        assertEquals("data.csv:3: expected 2 fields, found 3", failure("a,b\n1,2\n1,2,3\n", "a"));
    }

    @Test
    void emptyInputsAreErrors() {
        assertEquals("data.csv: empty file (expected a header row)", failure("", "a"));
        assertEquals("data.csv: no data rows after the header", failure("a,b\n", "a"));
    }
}
