package dev.seqtrain.train;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.PaddingConfig;
import dev.seqtrain.model.GaussianNaiveBayes;
import dev.seqtrain.report.Classification;
import dev.seqtrain.sequence.ColumnStats;
import dev.seqtrain.sequence.LabelledSequence;
import dev.seqtrain.sequence.LengthBuckets;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.Padding;
import dev.seqtrain.sequence.SeriesLayout;
import dev.seqtrain.sequence.SeriesRow;
import dev.seqtrain.sequence.WindowPart;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Spark glue: labelled variable-length sequences assembled on the workers from long-format rows,
 * whole sequences held out for validation, the normaliser and label set taken from the training
 * sequences only, and padded minibatches made per partition.
 */
public final class LabelledSequences {
    /** Marks a sequence whose rows disagree on its label, to be refused by name. */
    private static final String TWO_LABELS = "\u0000two labels";
    private final JavaRDD<LabelledSequence> sequences;
    private final List<String> labels;
    private final Normalizer normalizer;
    private final long badRowsSkipped;

    private LabelledSequences(JavaRDD<LabelledSequence> sequences, List<String> labels, Normalizer normalizer,
                              long badRowsSkipped) {
        this.sequences = sequences;
        this.labels = labels;
        this.normalizer = normalizer;
        this.badRowsSkipped = badRowsSkipped;
    }

    /** Reads the job's input into cached sequences, and lets the rows read go. */
    public static LabelledSequences read(SparkSession spark, JobConfig job) {
        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        SeriesReader.Result read = SeriesReader.read(spark, job.input(), missingAllowed, job.preprocessing().skipBadRows(), true, true);
        try {
            LabelledSequences sequences = of(read.rows(), job, read.locate());
            return new LabelledSequences(sequences.sequences, sequences.labels, sequences.normalizer, read.badRows());
        } finally {
            read.release(); // the sequences are cached and computed now
        }
    }

    /** Rows skipped as unreadable ({@code preprocessing.bad-rows = skip}). */
    public long badRowsSkipped() {
        return badRowsSkipped;
    }

    /** @param locate where a sequence's row (with a label, or any) was read, for messages */
    public static LabelledSequences of(JavaRDD<SeriesRow> rows, JobConfig job, BiFunction<String, String, String> locate) {
        JavaRDD<LabelledSequence> sequences = assemble(rows, job, locate);
        List<String> labels = sequences.filter(LabelledSequence::training).map(LabelledSequence::label)
                .distinct().collect().stream().sorted().toList();
        Set<String> known = new HashSet<>(labels);
        List<LabelledSequence> unknown = sequences.filter(q -> !known.contains(q.label())).take(1);
        if (!unknown.isEmpty()) {
            LabelledSequence q = unknown.get(0);
            sequences.unpersist(false);
            throw new InvalidInputException(locate.apply(q.id(), q.label()) + ": sequence '" + q.id() + "' has label '"
                    + q.label() + "', which no training sequence has: the model could not predict it");
        }
        int width = job.input().numericColumns().size();
        ColumnStats[] stats = sequences.filter(LabelledSequence::training).aggregate(ColumnStats.empty(width), (acc, q) -> {
            for (double[] step : q.values()) {
                ColumnStats.addRow(acc, step);
            }
            return acc;
        }, ColumnStats::merge);
        Normalizer normalizer;
        try {
            normalizer = Normalizer.fit(job.preprocessing().normalization(), job.input().numericColumns(), stats);
        } catch (IllegalArgumentException e) {
            sequences.unpersist(false);
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": " + e.getMessage(), e);
        }
        return new LabelledSequences(sequences, labels, normalizer, 0);
    }

    /**
     * New data for a published classifier, split as its job splits (the nightly gate scores the
     * validation part): its normaliser and labels, nothing fitted. Without {@code input.label-column}
     * in {@code input}, the sequences are unlabelled (prediction); a label the model lacks is kept, for
     * the caller to count.
     */
    public static LabelledSequences forScoring(SparkSession spark, JobConfig job, InputConfig input,
                                               Normalizer normalizer, List<String> labels) {
        boolean missingAllowed = job.preprocessing().missingValues() != MissingValues.FAIL;
        SeriesReader.Result read = SeriesReader.read(spark, input, missingAllowed, job.preprocessing().skipBadRows(), true, true);
        try {
            return new LabelledSequences(assemble(read.rows(), job, read.locate()), labels, normalizer,
                    read.badRows());
        } finally {
            read.release();
        }
    }

    /**
     * Rows grouped into cached sequences in time order, whole sequences held out for validation as the
     * job's split says; a sequence with two labels is refused.
     */
    private static JavaRDD<LabelledSequence> assemble(JavaRDD<SeriesRow> rows, JobConfig job,
                                                      BiFunction<String, String, String> locate) {
        Map<String, Long> counts = new TreeMap<>(rows.map(SeriesRow::series).countByValue());
        if (counts.isEmpty()) {
            throw new InvalidInputException(job.input().path() + ": no data rows");
        }
        SeriesLayout layout = SeriesLayout.bySeries(counts.keySet().toArray(String[]::new),
                counts.values().stream().mapToLong(Long::longValue).toArray(),
                job.split().validationFraction(), job.training().seed());
        Set<String> training = new HashSet<>();
        for (int s = 0; s < layout.seriesCount(); s++) {
            if (layout.trainRows(s) > 0) {
                training.add(layout.id(s));
            }
        }
        JavaRDD<LabelledSequence> sequences = rows.groupBy(SeriesRow::series).map(group -> {
            List<SeriesRow> steps = new ArrayList<>();
            group._2().forEach(steps::add);
            steps.sort(null);
            String label = steps.get(0).label();
            double[][] values = new double[steps.size()][];
            for (int s = 0; s < values.length; s++) {
                if (!Objects.equals(label, steps.get(s).label())) {
                    label = TWO_LABELS;
                    break;
                }
                values[s] = steps.get(s).values();
            }
            return new LabelledSequence(group._1(), values, label, training.contains(group._1()));
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());

        List<String> mixed = sequences.filter(q -> TWO_LABELS.equals(q.label())).map(LabelledSequence::id).take(1);
        if (!mixed.isEmpty()) {
            sequences.unpersist(false);
            throw new InvalidInputException(locate.apply(mixed.get(0), null) + ": sequence '" + mixed.get(0)
                    + "' has more than one label in " + job.input().labelColumn());
        }
        return sequences;
    }

    public List<String> labels() {
        return labels;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    /** The sequences of {@code part}; map them on at once, they are cached here. */
    public JavaRDD<LabelledSequence> part(WindowPart part) {
        return part == WindowPart.ALL ? sequences : sequences.filter(q -> q.training() == (part == WindowPart.TRAIN));
    }

    public long count(WindowPart part) {
        return part(part).count();
    }

    public List<Integer> lengths(WindowPart part) {
        return part(part).map(LabelledSequence::length).collect();
    }

    /** Label counts of a part, for class balance. */
    public Map<String, Long> labelCounts(WindowPart part) {
        return new TreeMap<>(part(part).map(LabelledSequence::label).countByValue());
    }

    /**
     * Padded minibatches of {@code part}, made on the workers: each partition buckets its sequences
     * by length (when asked), then pads each minibatch. Map them on at once: a batch is not for caching.
     */
    public JavaRDD<Padding.Batch> batches(WindowPart part, PaddingConfig config, int batchSize, long seed,
                                          int[] features) {
        Normalizer normalizer = this.normalizer;
        return part(part).mapPartitionsWithIndex((index, partition) -> minibatches(partition, config, batchSize,
                seed + index).stream().map(batch -> pad(batch, config, features, normalizer)).iterator(), true);
    }

    /**
     * The sequences of {@code part}, normalised, as {@code workers} balanced shards that pad (and, with
     * {@code padding.bucketing}, bucket by length) each minibatch as it is fitted.
     */
    public Shards shards(WindowPart part, PaddingConfig config, int[] features, int workers, StorageLevel level) {
        Normalizer normalizer = this.normalizer;
        List<String> labels = this.labels;
        return Shards.balanced(part(part), sequences -> {
            SequenceShard.Builder shard = new SequenceShard.Builder(features.length, labels.size(), config.padding(),
                    config.bucketing());
            sequences.forEachRemaining(q -> shard.add(q.inputs(features, normalizer), labels.indexOf(q.label())));
            return shard.build();
        }, workers, level);
    }

    private static List<List<LabelledSequence>> minibatches(Iterator<LabelledSequence> partition, PaddingConfig config,
                                                            int batchSize, long seed) {
        List<LabelledSequence> local = new ArrayList<>();
        partition.forEachRemaining(local::add);
        int[] lengths = local.stream().mapToInt(LabelledSequence::length).toArray();
        List<int[]> plan = config.bucketing() ? LengthBuckets.plan(lengths, batchSize, seed)
                : inOrder(lengths.length, batchSize);
        List<List<LabelledSequence>> batches = new ArrayList<>();
        for (int[] batch : plan) {
            batches.add(java.util.Arrays.stream(batch).mapToObj(local::get).toList());
        }
        return batches;
    }

    private static Padding.Batch pad(List<LabelledSequence> batch, PaddingConfig config, int[] features,
                                     Normalizer normalizer) {
        return config.padding().pad(batch.stream().map(q -> q.inputs(features, normalizer)).toList());
    }

    private static List<int[]> inOrder(int count, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            batches.add(IntStream.range(from, Math.min(count, from + batchSize)).toArray());
        }
        return batches;
    }

    /**
     * The classification baselines on the validation sequences: always the commonest training label,
     * and Gaussian naive Bayes on each sequence's mean features, fitted on the training sequences.
     */
    public Map<String, Classification> baselines(int[] features) {
        List<String> labels = this.labels;
        int width = features.length;
        Map<String, Long> counts = labelCounts(WindowPart.TRAIN);
        String majority = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Map<String, ColumnStats[]> byLabel = new TreeMap<>(part(WindowPart.TRAIN)
                .mapToPair(q -> new scala.Tuple2<>(q.label(), ColumnStats.addRow(ColumnStats.empty(width), q.means(features))))
                .reduceByKey(ColumnStats::merge).collectAsMap());
        GaussianNaiveBayes bayes = new GaussianNaiveBayes(labels.stream().map(byLabel::get).toList());
        long[][] naive = ConfusionMatrices.count(part(WindowPart.VALIDATION)
                .map(q -> new int[]{labels.indexOf(q.label()), bayes.predict(q.means(features))}), labels.size());
        long[][] commonest = Classification.alwaysPredicting(labels.indexOf(majority), naive);
        Map<String, Classification> baselines = new LinkedHashMap<>();
        baselines.put("majority-class", Classification.of(labels, commonest));
        baselines.put("naive-bayes", Classification.of(labels, naive));
        return baselines;
    }

    /** Padded steps over all steps of {@code part}'s minibatches. */
    public double paddingFraction(WindowPart part, PaddingConfig config, int batchSize, long seed, int[] features) {
        long[] sums = batches(part, config, batchSize, seed, features)
                .map(b -> new long[]{b.paddedSteps(), (long) b.mask().length * b.steps()})
                .fold(new long[2], (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
        return sums[1] == 0 ? 0 : (double) sums[0] / sums[1];
    }

    public void release() {
        sequences.unpersist(false);
    }
}
