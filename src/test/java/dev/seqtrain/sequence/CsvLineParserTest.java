package dev.seqtrain.sequence;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lines as other tools write them; the corpus in {@code BadInputCorpusTest} covers the refusals. */
class CsvLineParserTest {
    @Test
    void aLineStartingWithAHashIsARowNotAComment() throws CsvLineParser.Problem {
        CsvLineParser parser = new CsvLineParser("#sensor,time,a", "#sensor", "time", false, List.of("a"), false);
        assertEquals(List.of("#sensor", "time", "a"), CsvLineParser.headerNames("#sensor,time,a"));
        SeriesRow row = parser.parse("#12,2020-01-01T00:00,1.5", 1);
        assertEquals("#12", row.series());
        assertEquals("2020-01-01T00:00", row.timeText());
        assertArrayEquals(new double[]{1.5}, row.values());
    }
}
