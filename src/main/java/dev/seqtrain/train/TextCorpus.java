package dev.seqtrain.train;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.sequence.TextWindows;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.InputFiles;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Spark glue: a text corpus (one or many files, any Hadoop path) read on the workers, one document
 * per file. The vocabulary is counted from the documents' training parts only.
 */
public final class TextCorpus {
    private final JavaPairRDD<String, String> documents;
    private final Vocabulary vocabulary;
    private final double validationFraction;

    private TextCorpus(JavaPairRDD<String, String> documents, Vocabulary vocabulary, double validationFraction) {
        this.documents = documents;
        this.vocabulary = vocabulary;
        this.validationFraction = validationFraction;
    }

    public static TextCorpus read(JavaSparkContext sc, String location, double validationFraction) {
        // Sorted once by path, so windows come in document order without a shuffle per use.
        JavaPairRDD<String, String> documents = documents(sc, location).sortByKey()
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        Map<Integer, Long> counts = documents.flatMapToPair(document -> {
            String text = document._2();
            int boundary = text.offsetByCodePoints(0, TextWindows.boundary(text.codePointCount(0, text.length()),
                    validationFraction));
            List<Tuple2<Integer, Long>> out = new ArrayList<>();
            Vocabulary.count(text.substring(0, boundary)).forEach((c, n) -> out.add(new Tuple2<>(c, n)));
            return out.iterator();
        }).reduceByKey(Long::sum).collectAsMap();
        if (counts.isEmpty()) {
            documents.unpersist(false);
            throw new InvalidInputException(Redaction.uris(location) + ": no text in the training part of any file");
        }
        return new TextCorpus(documents, Vocabulary.fromCounts(counts), validationFraction);
    }

    private static JavaPairRDD<String, String> documents(JavaSparkContext sc, String location) {
        if (InputFiles.isEmbedded(location)) {
            // An embedded sample is one small document, read on the driver.
            try (BufferedReader reader = InputFiles.openEmbedded("input.path", location)) {
                String text = reader.lines().collect(Collectors.joining("\n", "", "\n"));
                return sc.parallelizePairs(List.of(new Tuple2<>(location, text)), 1);
            } catch (IOException e) {
                throw new UncheckedIOException(location + ": read failed", e);
            }
        }
        List<Path> files = InputFiles.list("input.path", location, sc.hadoopConfiguration());
        return sc.wholeTextFiles(String.join(",", files.stream().map(Path::toString).toList()), sc.defaultParallelism());
    }

    /** Documents and their characters (code points). */
    public long[] size() {
        return documents.values().map(text -> new long[]{1, text.codePointCount(0, text.length())})
                .fold(new long[2], (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Windows of {@code part} ({@code ALL}: every window of every document), cut on the workers in
     * document order. Map them on at once: {@link TextWindows.Window} is not for caching.
     */
    public JavaRDD<TextWindows.Window> windows(WindowPart part, int length, int stride) {
        Vocabulary vocabulary = this.vocabulary;
        double fraction = validationFraction;
        return documents.values().flatMap(text -> {
            int[] encoded = vocabulary.encode(text);
            int boundary = TextWindows.boundary(encoded.length, fraction);
            int from = part == WindowPart.VALIDATION ? boundary : 0;
            int to = part == WindowPart.TRAIN ? boundary : encoded.length;
            List<TextWindows.Window> windows = new ArrayList<>();
            TextWindows.cut(encoded, from, to, length, stride, windows::add);
            return windows.iterator();
        });
    }

    /**
     * The windows of {@code part} as DL4J DataSets: character indices {@code [1, 1, steps]} (for an
     * embedding layer) and the next characters one-hot {@code [1, vocabulary, steps]}.
     */
    public JavaRDD<DataSet> dataSets(WindowPart part, int length, int stride) {
        int size = vocabulary.size();
        return windows(part, length, stride).map(window -> {
            float[] inputs = new float[length];
            float[] next = new float[size * length];
            for (int s = 0; s < length; s++) {
                inputs[s] = window.inputs()[s];
                next[window.next()[s] * length + s] = 1f;
            }
            return new DataSet(Nd4j.create(inputs, new long[]{1, 1, length}, 'c'),
                    Nd4j.create(next, new long[]{1, size, length}, 'c'));
        });
    }

    public void release() {
        documents.unpersist(false);
    }
}
