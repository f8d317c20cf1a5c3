package dev.seqtrain.config;

import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.Split;
import dev.seqtrain.sequence.WindowShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String MINIMAL = """
            name = demo
            output = /tmp/out
            input {
              path = data.csv
              features = [a, b]
              targets = [a]
            }
            """;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("job.conf");
        Files.writeString(file, text);
        return file;
    }

    private InvalidInputException failure(String text, String... overrides) throws IOException {
        Path file = write(text);
        return assertThrows(InvalidInputException.class, () -> JobConfigLoader.load(file.toString(), List.of(overrides)));
    }

    @Test
    void embeddedSampleJobLoadsWithItsValuesAndDefaults() {
        JobConfig job = JobConfigLoader.load("sample-forecast", List.of());
        assertEquals("embedded:sample-forecast", job.source());
        assertEquals("sample-forecast", job.name());
        assertEquals(List.of("temperature", "pressure", "wind"), job.input().features());
        assertEquals(List.of("temperature"), job.input().targets());
        assertEquals(new WindowShape(24, 1, 6), job.window());
        assertEquals(CellType.LSTM, job.model().cell());
        assertEquals(5, job.training().averagingFrequency(), "a default the job does not set");
    }

    @Test
    void minimalJobGetsEveryDefault() throws IOException {
        JobConfig job = JobConfigLoader.load(write(MINIMAL).toString(), List.of());
        assertEquals(new WindowShape(24, 1, 1), job.window());
        assertEquals(new Split(Split.Method.TIME, 0.2, null, 0), job.split());
        assertEquals(new PreprocessingConfig(Normalizer.Method.STANDARD, MissingValues.FAIL, false, 65536, 0), job.preprocessing());
        assertEquals(new ModelConfig(CellType.LSTM, 32, 1), job.model());
        assertEquals(new TrainingConfig(5, 0.005, 32, 5, 0, 42), job.training());
        assertTrue(job.resolved().contains("averaging-frequency"), "the resolved job lists defaults too");
    }

    @Test
    void overridesAreTypedLikeTheKeysTheySet() throws IOException {
        JobConfig job = JobConfigLoader.load(write(MINIMAL).toString(), List.of(
                "training.epochs=2", "model.cell=rnn", "split.validation-fraction=0.25",
                "input.features=[b]", "output=hdfs://127.0.0.1:9000/models//x"));
        assertEquals(2, job.training().epochs());
        assertEquals(CellType.RNN, job.model().cell());
        assertEquals(0.25, job.split().validationFraction());
        assertEquals(List.of("b"), job.input().features());
        assertEquals("hdfs://127.0.0.1:9000/models//x", job.output(), "a URI needs no HOCON quoting");
        assertTrue(job.resolved().contains("hdfs://127.0.0.1:9000/models//x"));
    }

    @Test
    void unknownKeyIsNamedWithFileLineAndASuggestion() throws IOException {
        InvalidInputException e = failure(MINIMAL + "training { epoch = 3 }\n");
        assertTrue(e.getMessage().contains("job.conf: 8"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'training.epoch'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'training.epochs'?"), e.getMessage());
    }

    @Test
    void aRemovedKeyIsNamedWithWhyItWentAndWhatToDo() throws IOException {
        InvalidInputException e = failure(MINIMAL + "training { approach = export }\n");
        assertTrue(e.getMessage().contains("job.conf: 8"), e.getMessage());
        assertTrue(e.getMessage().contains("'training.approach' is no longer a setting"), e.getMessage());
        assertTrue(e.getMessage().endsWith("delete it from the job"), e.getMessage());
        assertTrue(failure(MINIMAL, "training.storage-level=memory_only_ser").getMessage()
                .contains("training.storage-level must be one of memory_and_disk, memory_only"));
    }

    @Test
    void stallTimeoutIsADuration() throws IOException {
        assertEquals(java.time.Duration.ofMinutes(3), JobConfigLoader.load(write(MINIMAL).toString(),
                List.of("training.stall-timeout=3m")).training().stallTimeout());
        assertTrue(failure(MINIMAL, "training.stall-timeout=0s").getMessage()
                .contains("training.stall-timeout must be between 1 s and 7 days"));
    }

    @Test
    void unknownTopLevelKeyIsRejected() throws IOException {
        InvalidInputException e = failure(MINIMAL + "colour = blue\n");
        assertTrue(e.getMessage().contains("unknown key 'colour'"), e.getMessage());
    }

    @Test
    void unknownKeyInAnOverrideNamesTheOverride() throws IOException {
        InvalidInputException e = failure(MINIMAL, "window.lenght=5");
        assertTrue(e.getMessage().startsWith("--set window.lenght: unknown key"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'window.length'?"), e.getMessage());
    }

    @Test
    void wrongTypeNamesFileLineAndKey() throws IOException {
        InvalidInputException e = failure(MINIMAL + "training.epochs = many\n");
        assertTrue(e.getMessage().contains("job.conf: 8"), e.getMessage());
        assertTrue(e.getMessage().contains("training.epochs"), e.getMessage());
        assertTrue(e.getMessage().contains("must be a whole number, got 'many'"), e.getMessage());
    }

    @Test
    void wrongTypeInAnOverrideNamesTheOverride() throws IOException {
        InvalidInputException e = failure(MINIMAL, "window.length=long");
        assertTrue(e.getMessage().contains("--set window.length"), e.getMessage());
    }

    @Test
    void outOfRangeValueNamesFileLineKeyAndRange() throws IOException {
        InvalidInputException e = failure(MINIMAL + "window.length = 0\n");
        assertEquals("job.conf: 8: window.length must be between 1 and 1000000, got 0",
                e.getMessage().substring(e.getMessage().indexOf("job.conf")));
    }

    @Test
    void fractionMustLieStrictlyBetweenZeroAndOne() throws IOException {
        assertTrue(failure(MINIMAL, "split.validation-fraction=1").getMessage()
                .contains("split.validation-fraction must be greater than 0 and less than 1, got 1.0"));
        assertTrue(failure(MINIMAL, "split.validation-fraction=0").getMessage()
                .contains("split.validation-fraction"));
    }

    @Test
    void preprocessingAndSplitChoicesAreRead() throws IOException {
        JobConfig job = JobConfigLoader.load(write(MINIMAL).toString(), List.of("preprocessing.normalization=minmax",
                "preprocessing.missing-values=interpolate", "preprocessing.bad-rows=skip", "split.gap=3",
                "input.time-column=t", "input.time-type=number", "split.cutoff=100", "input.series-column=id"));
        assertEquals(new PreprocessingConfig(Normalizer.Method.MINMAX, MissingValues.INTERPOLATE, true, 65536, 0), job.preprocessing());
        assertEquals(new Split(Split.Method.TIME, 0.2, "100", 3), job.split());
        assertEquals("id", job.input().seriesColumn());
        assertTrue(job.input().numericTime());
        assertTrue(failure(MINIMAL, "preprocessing.missing-values=guess").getMessage().contains(
                "preprocessing.missing-values must be one of fail, drop-window, forward-fill, interpolate, got 'guess'"));
        assertTrue(failure(MINIMAL, "split.cutoff=2020").getMessage().contains(
                "split.cutoff needs split.method = time and an input.time-column"));
        assertTrue(JobConfigLoader.load(write(MINIMAL).toString(), List.of("split.method=random-window")).split()
                .randomWindows());
        assertTrue(failure(MINIMAL, "input.format=xlsx").getMessage().contains("input.format must be one of csv, parquet"));
    }

    @Test
    void unknownCellIsRejected() throws IOException {
        String message = failure(MINIMAL, "model.cell=transformer").getMessage();
        assertTrue(message.contains("model.cell must be one of rnn, gru, lstm, got 'transformer'"), message);
        String dl4jGru = failure(MINIMAL, "model.cell=gru", "model.engine=dl4j").getMessage();
        assertTrue(dl4jGru.contains("model.engine must be fused for model.cell = gru: DL4J has no GRU layer"), dl4jGru);
        String both = failure(MINIMAL, "model.bidirectional=true", "model.tbptt-length=4", "window.output=sequence")
                .getMessage();
        assertTrue(both.contains("model.tbptt-length cannot combine with model.bidirectional"), both);
    }

    @Test
    void missingRequiredKeyIsNamed() throws IOException {
        InvalidInputException e = failure(MINIMAL.replace("targets = [a]", ""));
        assertTrue(e.getMessage().contains("missing required key 'input.targets'"), e.getMessage());
    }

    @Test
    void duplicateFeatureIsRejected() throws IOException {
        assertTrue(failure(MINIMAL, "input.features=[a, a]").getMessage().contains("lists a column twice"));
    }

    @Test
    void nameMustBeUsableAsAFolder() throws IOException {
        assertTrue(failure(MINIMAL, "name=../escape").getMessage().contains("name must be letters"));
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        InvalidInputException e = failure(MINIMAL + "model { cell = \n");
        assertTrue(e.getMessage().contains("job.conf: "), e.getMessage());
    }

    @Test
    void overrideWithoutEqualsIsRejected() throws IOException {
        assertTrue(failure(MINIMAL, "training.epochs").getMessage().contains("expected key=value"));
    }

    @Test
    void missingJobFileIsNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JobConfigLoader.load(dir.resolve("nope.conf").toString(), List.of()));
        assertTrue(e.getMessage().contains("nope.conf: no such file, and no embedded job of that name"), e.getMessage());
    }

    @Test
    void credentialsInUrisNeverReachTheSavedJob() throws IOException {
        JobConfig job = JobConfigLoader.load(write(MINIMAL).toString(),
                List.of("input.path=s3a://AKIAKEY:s3cr3t@bucket/data.csv"));
        assertEquals("s3a://AKIAKEY:s3cr3t@bucket/data.csv", job.input().path(), "the real path is still read");
        assertFalse(job.resolved().contains("s3cr3t"), job.resolved());
        assertFalse(job.resolved().contains("AKIAKEY"), job.resolved());
        assertTrue(job.resolved().contains("s3a://***@bucket/data.csv"), job.resolved());
        JobConfig trial = JobConfigLoader.override(job, List.of("training.epochs=2"));
        assertEquals("s3a://AKIAKEY:s3cr3t@bucket/data.csv", trial.input().path(), "an override (a tune trial) reads it too");
        assertFalse(trial.resolved().contains("s3cr3t"), trial.resolved());
        assertFalse(job.toString().contains("s3cr3t"), job.toString());
    }

    @Test
    void timeColumnIsOptional() throws IOException {
        assertEquals(null, JobConfigLoader.load(write(MINIMAL).toString(), List.of()).input().timeColumn());
        assertEquals("date", JobConfigLoader.load(write(MINIMAL).toString(), List.of("input.time-column=date"))
                .input().timeColumn());
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertEquals(0, JobConfigLoader.editDistance("abc", "abc"));
        assertEquals(1, JobConfigLoader.editDistance("epoch", "epochs"));
        assertEquals(2, JobConfigLoader.editDistance("lenght", "length"));
        assertEquals(3, JobConfigLoader.editDistance("", "abc"));
    }
}
