package dev.seqtrain.train;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.model.NgramNaiveBayes;
import dev.seqtrain.report.Classification;
import dev.seqtrain.sequence.TextWindows;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.InputFiles;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
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
        JavaPairRDD<String, String> documents = sortedDocuments(sc, location);
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

    /**
     * Text for a published model (new data to score, or a warm start): its vocabulary, so every
     * character keeps its index; characters it lacks are unknown.
     */
    public static TextCorpus read(JavaSparkContext sc, String location, double validationFraction,
                                  Vocabulary vocabulary) {
        return new TextCorpus(sortedDocuments(sc, location), vocabulary, validationFraction);
    }

    /** Sorted once by path, so windows come in document order without a shuffle per use. */
    private static JavaPairRDD<String, String> sortedDocuments(JavaSparkContext sc, String location) {
        return documents(sc, location).sortByKey().persist(StorageLevel.MEMORY_AND_DISK_SER());
    }

    private static JavaPairRDD<String, String> documents(JavaSparkContext sc, String location) {
        if (InputFiles.isTable(location)) {
            // A table of documents: a name per row ("document") and its text ("text").
            String name = InputFiles.tableName(location);
            Dataset<Row> table = SeriesReader.table(SparkSession.active(), name);
            List<String> columns = List.of(table.columns());
            for (String column : List.of("document", "text")) {
                if (!columns.contains(column)) {
                    throw new InvalidInputException("input.path: table '" + name + "' has no column '" + column
                            + "' (a text table has a document name and its text; columns: " + columns + ")");
                }
            }
            return table.select("document", "text").javaRDD()
                    .mapToPair(row -> new Tuple2<>(row.getString(0), row.getString(1)));
        }
        if (InputFiles.isEmbedded(location)) {
            // Embedded samples are small documents, read on the driver.
            List<Tuple2<String, String>> documents = new ArrayList<>();
            for (String file : InputFiles.embeddedFiles("input.path", location)) {
                try (BufferedReader reader = InputFiles.openEmbedded("input.path", file)) {
                    documents.add(new Tuple2<>(file, reader.lines().collect(Collectors.joining("\n", "", "\n"))));
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": read failed", e);
                }
            }
            return sc.parallelizePairs(documents, Math.min(documents.size(), sc.defaultParallelism()));
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
        return documentWindows(part, length, stride).map(DocumentWindow::window);
    }

    /**
     * The character windows of {@code part}, {@code workers} balanced shards of them: character
     * indices and, at every step, the next character (one-hot only inside a minibatch).
     */
    public Shards windowShards(WindowPart part, int length, int stride, int workers, StorageLevel level) {
        int size = vocabulary.size();
        return Shards.balanced(windows(part, length, stride), windows -> windowShard(windows, length, size), workers,
                level);
    }

    /** A document's class for passage classification: its file name without the extension. */
    public static String label(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The classes of the documents, sorted; at least two, or there is nothing to classify. */
    public List<String> labels(String key) {
        List<String> labels = documents.keys().map(TextCorpus::label).distinct().collect().stream().sorted().toList();
        if (labels.size() < 2) {
            throw new InvalidInputException(key + ": passage classification needs files of at least two classes "
                    + "(one class per file name), found " + labels);
        }
        return labels;
    }

    /**
     * A passage of a document: where it starts (in characters), its class (index into the labels; -1
     * for a file whose name is no class of the model's) and its characters. Not for caching.
     */
    public record Passage(String document, int start, int label, String text, int[] characters) {
    }

    /** A character window and the document it comes from. Not for caching. */
    public record DocumentWindow(String document, TextWindows.Window window) {
    }

    /**
     * The windows of {@code part} of each document with the document's name; {@code stride = length}
     * predicts each character once, as {@code evaluate} and {@code predict} score a character model.
     */
    public JavaRDD<DocumentWindow> documentWindows(WindowPart part, int length, int stride) {
        Vocabulary vocabulary = this.vocabulary;
        double fraction = validationFraction;
        return documents.flatMap(document -> {
            int[] encoded = vocabulary.encode(document._2());
            int boundary = TextWindows.boundary(encoded.length, fraction);
            List<DocumentWindow> windows = new ArrayList<>();
            TextWindows.cut(encoded, part == WindowPart.VALIDATION ? boundary : 0,
                    part == WindowPart.TRAIN ? boundary : encoded.length, length, stride,
                    window -> windows.add(new DocumentWindow(document._1(), window)));
            return windows.iterator();
        });
    }

    /** The passages of {@code part}: {@code length} characters every {@code stride}, inside each document's part. */
    public JavaRDD<Passage> passages(WindowPart part, int length, int stride, List<String> labels) {
        Vocabulary vocabulary = this.vocabulary;
        double fraction = validationFraction;
        return documents.flatMap(document -> {
            int label = labels.indexOf(label(document._1()));
            String text = document._2();
            int[] codePoints = text.codePoints().toArray();
            int[] encoded = vocabulary.encode(text);
            int boundary = TextWindows.boundary(encoded.length, fraction);
            List<Passage> passages = new ArrayList<>();
            TextWindows.passageStarts(part == WindowPart.VALIDATION ? boundary : 0,
                    part == WindowPart.TRAIN ? boundary : encoded.length, length, stride, start -> passages.add(
                            new Passage(document._1(), start, label, new String(codePoints, start, length),
                                    java.util.Arrays.copyOfRange(encoded, start, start + length))));
            return passages.iterator();
        });
    }

    /** The passages of {@code part}, {@code workers} balanced shards of them: character indices and their class. */
    public Shards passageShards(WindowPart part, int length, int stride, List<String> labels, int workers,
                                StorageLevel level) {
        return Shards.balanced(passages(part, length, stride, labels),
                passages -> passageShard(passages, length, labels.size()), workers, level);
    }

    /** Passages as one shard; a passage of no known class counts as the first (its output is all that is used). */
    public static TokenShard passageShard(Iterator<Passage> passages, int length, int classes) {
        TokenShard.Builder shard = new TokenShard.Builder(length, classes, false);
        passages.forEachRemaining(passage -> shard.add(passage.characters(), Math.max(0, passage.label())));
        return shard.build();
    }

    /** Character windows as one shard: each step's input and the next character. */
    public static TokenShard windowShard(Iterator<TextWindows.Window> windows, int length, int symbols) {
        TokenShard.Builder shard = new TokenShard.Builder(length, symbols, true);
        windows.forEachRemaining(window -> shard.add(window.inputs(), window.next()));
        return shard.build();
    }

    /**
     * The passage classifier's baselines on the validation passages: the commonest training class,
     * and naive Bayes over word uni- and bigrams fitted on the training passages.
     */
    public Map<String, Classification> passageBaselines(int length, int stride, List<String> labels) {
        int classes = labels.size();
        NgramNaiveBayes.Counts counts = passages(WindowPart.TRAIN, length, stride, labels)
                .aggregate(new NgramNaiveBayes.Counts(classes, 2), (c, p) -> c.add(p.label(), p.text()),
                        NgramNaiveBayes.Counts::merge);
        Broadcast<NgramNaiveBayes> model = JavaSparkContext.fromSparkContext(documents.context())
                .broadcast(new NgramNaiveBayes(counts));
        long[][] naive = ConfusionMatrices.count(passages(WindowPart.VALIDATION, length, stride, labels)
                .map(passage -> new int[]{passage.label(), model.value().predict(passage.text())}), classes);
        model.destroy();
        long[][] commonest = Classification.alwaysPredicting(counts.commonestClass(), naive);
        Map<String, Classification> baselines = new LinkedHashMap<>();
        baselines.put("majority-class", Classification.of(labels, commonest));
        baselines.put("naive-bayes-word-ngrams", Classification.of(labels, naive));
        return baselines;
    }

    /** Passages of {@code part} per class. */
    public Map<String, Long> passageCounts(WindowPart part, int length, int stride, List<String> labels) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        passages(part, length, stride, labels).map(Passage::label).countByValue()
                .forEach((label, count) -> counts.put(labels.get(label), count));
        return counts;
    }

    public void release() {
        documents.unpersist(false);
    }
}
