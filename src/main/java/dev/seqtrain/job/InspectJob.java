package dev.seqtrain.job;

import dev.seqtrain.config.InputKind;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.PaddingConfig;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.train.LabelledSequences;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.PartitionCounts;
import dev.seqtrain.train.TextCorpus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What preprocessing makes of a job's input, without training: counts of rows, series, windows or
 * sequences per part, padding, vocabulary, partition balance. The dry run before a long job, and
 * how the sequence and text kinds are checked until their training tasks arrive.
 */
public final class InspectJob {
    private InspectJob() {
    }

    public static Map<String, Object> run(SparkSession spark, JobConfig job) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("job", job.name());
        report.put("kind", job.input().kind().key());
        switch (job.input().kind()) {
            case SEQUENCES -> sequences(spark, job, report);
            case TEXT, PASSAGES -> text(spark, job, report);
            default -> series(spark, job, report);
        }
        return report;
    }

    private static void series(SparkSession spark, JobConfig job, Map<String, Object> report) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = new ParameterAveragingTrainer(sc, job.training()).workers();
        int partitions = job.preprocessing().partitions() > 0 ? job.preprocessing().partitions() : workers;
        PreparedData data = PreparedData.forTraining(spark, job, partitions);
        try {
            report.put("source", data.source());
            report.put("series", data.series().layout().seriesCount());
            report.put("shortSeries", data.series().shortSeries());
            report.put("rows", data.series().layout().rows());
            Map<String, Object> windows = new LinkedHashMap<>();
            long skipped = 0;
            for (WindowPart part : List.of(WindowPart.TRAIN, WindowPart.VALIDATION)) {
                long count = data.windows(part).count();
                windows.put(part.name().toLowerCase(), count);
                skipped += data.series().possibleWindows(part) - count;
            }
            report.put("windows", windows);
            report.put("skippedWindows", skipped);
            report.put("missingValues", data.series().missingValues());
            report.put("filledValues", data.series().filledValues());
            report.put("badRowsSkipped", data.badRowsSkipped());
            report.put("normalizer", data.normalizer());
            long[] perPartition = PartitionCounts.of(data.windows(WindowPart.TRAIN));
            report.put("partitions", perPartition.length);
            report.put("trainWindowsPerPartition", Summaries.minMedianMax(perPartition));
        } finally {
            data.series().release();
        }
    }

    private static void sequences(SparkSession spark, JobConfig job, Map<String, Object> report) {
        LabelledSequences sequences = LabelledSequences.read(spark, job);
        try {
            int[] features = job.input().features().stream().mapToInt(job.input().numericColumns()::indexOf).toArray();
            int batch = job.training().batchSizePerWorker();
            long seed = job.training().seed();
            report.put("sequences", Map.of("train", sequences.count(WindowPart.TRAIN),
                    "validation", sequences.count(WindowPart.VALIDATION)));
            long[] lengths = sequences.lengths(WindowPart.ALL).stream().mapToLong(Integer::longValue).toArray();
            report.put("stepsMinMedianMax", Summaries.minMedianMax(lengths));
            report.put("labels", sequences.labelCounts(WindowPart.TRAIN));
            report.put("paddingFraction", sequences.paddingFraction(WindowPart.TRAIN, job.padding(), batch, seed, features));
            report.put("paddingFractionWithoutBucketing", sequences.paddingFraction(WindowPart.TRAIN,
                    new PaddingConfig(job.padding().cap(), job.padding().align(), job.padding().keep(), false),
                    batch, seed, features));
            report.put("badRowsSkipped", sequences.badRowsSkipped());
            report.put("normalizer", sequences.normalizer());
        } finally {
            sequences.release();
        }
    }

    private static void text(SparkSession spark, JobConfig job, Map<String, Object> report) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TextCorpus corpus = TextCorpus.read(sc, job.input().path(), job.split().validationFraction());
        try {
            long[] size = corpus.size();
            report.put("documents", size[0]);
            report.put("characters", size[1]);
            report.put("vocabularySize", corpus.vocabulary().size());
            report.put("unigramBitsPerCharacter", corpus.vocabulary().unigramBits());
            int length = job.window().length();
            int stride = job.window().stride();
            if (job.input().kind() == InputKind.PASSAGES) {
                List<String> labels = corpus.labels("input.path");
                Map<String, Object> passages = new LinkedHashMap<>();
                for (WindowPart part : List.of(WindowPart.TRAIN, WindowPart.VALIDATION)) {
                    passages.put(part.name().toLowerCase(), corpus.passageCounts(part, length, stride, labels));
                }
                report.put("passages", passages);
            } else {
                Map<String, Object> windows = new LinkedHashMap<>();
                for (WindowPart part : List.of(WindowPart.TRAIN, WindowPart.VALIDATION)) {
                    windows.put(part.name().toLowerCase(), corpus.windows(part, length, stride).count());
                }
                report.put("windows", windows);
            }
            report.put("vocabulary", String.join("", corpus.vocabulary().symbols()));
        } finally {
            corpus.release();
        }
    }
}
