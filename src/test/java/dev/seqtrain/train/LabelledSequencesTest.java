package dev.seqtrain.train;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.sequence.SeriesLayout;
import dev.seqtrain.sequence.WindowPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Labelled sequences: their labels must agree within a sequence and be known from training sequences. */
class LabelledSequencesTest {
    private static final long SEED = 42;

    @TempDir
    Path dir;

    private JobConfig job() {
        return JobConfigLoader.parse("test", ConfigFactory.parseString("""
                name = seqs
                output = "%s"
                input { kind = sequences, path = "%s", features = [x], series-column = id, time-column = t,
                        time-type = number, label-column = label }
                split { method = series, validation-fraction = 0.3 }
                training { seed = %d }
                """.formatted(dir.resolve("out"), dir.resolve("seqs.csv"), SEED)), List.of());
    }

    /** The first id that the split sends to validation. */
    private static String validationId() {
        for (int i = 0; ; i++) {
            String id = "q" + i;
            if (SeriesLayout.bySeries(new String[]{id}, new long[]{1}, 0.3, SEED).trainRows(0) == 0) {
                return id;
            }
        }
    }

    private LabelledSequences read(List<String> lines) throws IOException {
        Files.write(dir.resolve("seqs.csv"), lines);
        SeriesReader.Result read = SeriesReader.read(SharedSpark.session(), job().input(), false, false, true, true);
        return LabelledSequences.of(read.rows(), job(), read.locate());
    }

    private static List<String> sequences(int count, String label) {
        List<String> lines = new ArrayList<>(List.of("id,t,x,label"));
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < 3 + i % 4; t++) {
                lines.add("s" + i + "," + t + "," + (t * 0.5) + "," + label);
            }
        }
        return lines;
    }

    @Test
    void sequencesSplitWholeWithTheirLengths() throws IOException {
        LabelledSequences sequences = read(sequences(40, "a"));
        assertEquals(40, sequences.count(WindowPart.TRAIN) + sequences.count(WindowPart.VALIDATION));
        assertTrue(sequences.count(WindowPart.VALIDATION) > 4);
        assertEquals(List.of("a"), sequences.labels());
        assertEquals(3, sequences.lengths(WindowPart.ALL).stream().mapToInt(Integer::intValue).min().orElseThrow());
        sequences.release();
    }

    @Test
    void aLabelNoTrainingSequenceHasFailsWithFileAndLine() throws IOException {
        List<String> lines = sequences(20, "a");
        String id = validationId();
        lines.add(id + ",0,1.0,z");
        lines.add(id + ",1,2.0,z");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(lines));
        assertEquals("file:" + dir.resolve("seqs.csv") + ":" + (lines.size() - 1) + ": sequence '" + id
                + "' has label 'z', which no training sequence has: the model could not predict it", e.getMessage());
    }

    @Test
    void twoLabelsInOneSequenceFailWithFileAndLine() throws IOException {
        List<String> lines = sequences(5, "a");
        lines.add("mixed,0,1.0,a");
        lines.add("mixed,1,1.0,b");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(lines));
        assertEquals("file:" + dir.resolve("seqs.csv") + ":" + (lines.size() - 1)
                + ": sequence 'mixed' has more than one label in label", e.getMessage());
    }
}
