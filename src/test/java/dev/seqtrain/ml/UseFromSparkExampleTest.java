package dev.seqtrain.ml;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example is {@link UseFromSparkExample}'s code, and it runs. */
class UseFromSparkExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeShowsTheExampleAsItIs() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/seqtrain/ml/UseFromSparkExample.java"));
        String example = source.subList(source.indexOf("        // README:begin") + 1,
                        source.indexOf("        // README:end")).stream()
                .map(line -> line.isBlank() ? "" : line.substring(8))
                .collect(Collectors.joining("\n", "", "\n"));
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("```java\n" + example + "```\n"), "README's example differs from the code:\n" + example);
    }

    @Test
    void theExampleTrainsSavesLoadsAndForecasts() throws IOException {
        Dataset<Row> forecasts = UseFromSparkExample.run(SharedSpark.session(), SampleSlice.csv().toString(),
                dir.toString());
        assertEquals(SampleSlice.ROWS - 24 + 1, forecasts.where("steps_ahead = 6").count(), "a forecast from every window");
        assertTrue(Files.exists(dir.resolve("models/sample-forecast/CURRENT")), "the run is published");
        assertTrue(Files.exists(dir.resolve("pipeline/stages")), "the pipeline is saved");
    }
}
