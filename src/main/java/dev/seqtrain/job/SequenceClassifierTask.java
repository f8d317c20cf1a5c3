package dev.seqtrain.job;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.Summaries;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.Padding;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Json;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ExampleOutputs;
import dev.seqtrain.train.LabelledSequences;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.SequenceShard;
import dev.seqtrain.train.SeriesReader;
import dev.seqtrain.train.Shards;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Labelled variable-length sequences ({@code input.kind = sequences}): one label per sequence id,
 * padded and length-bucketed minibatches, whole sequences held out for validation.
 */
final class SequenceClassifierTask extends ClassifierTask {
    @Override
    public TaskData prepare(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer,
                            PublishedModel warmFrom) {
        LabelledSequences sequences = LabelledSequences.read(spark, job);
        int[] features = features(job);
        Shards train = sequences.shards(WindowPart.TRAIN, job.padding(), features, trainer.workers(),
                trainer.storageLevel());
        Shards validation = sequences.shards(WindowPart.VALIDATION, job.padding(), features, trainer.workers(),
                trainer.storageLevel());
        if (train.examples() == 0 || validation.examples() == 0) {
            train.release();
            validation.release();
            sequences.release();
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": no " + (train.examples() == 0
                    ? "training" : "validation") + " sequences: the input has too few for split.validation-fraction = "
                    + job.split().validationFraction());
        }
        TrainingConfig config = job.training();
        ClassificationMetrics.Data data = new ClassificationMetrics.Data(Redaction.uris(job.input().path()),
                job.input().features(), train.examples(), validation.examples(),
                Summaries.minMedianMax(sequences.lengths(WindowPart.ALL).stream().mapToLong(Integer::longValue).toArray()),
                sequences.labelCounts(WindowPart.TRAIN), sequences.paddingFraction(WindowPart.TRAIN, job.padding(),
                config.batchSizePerWorker(), config.seed(), features), sequences.badRowsSkipped(),
                sequences.normalizer().method());
        return new Data(job, sequences, features, train, validation, data, sequences.baselines(features));
    }

    private static int[] features(JobConfig job) {
        return job.input().features().stream().mapToInt(job.input().numericColumns()::indexOf).toArray();
    }

    private record Data(JobConfig job, LabelledSequences sequences, int[] features, Shards train, Shards validation,
                        ClassificationMetrics.Data data, Map<String, Classification> baselines) implements TaskData {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%d training and %d validation sequences of %s steps (min/median/max), "
                            + "labels %s, %.1f%% of training steps are padding", data.trainSequences(),
                    data.validationSequences(), Arrays.toString(data.stepsMinMedianMax()), data.trainLabels(),
                    100 * data.paddingFraction());
        }

        @Override
        public MultiLayerNetwork newNetwork() {
            TrainingConfig config = job.training();
            return NetworkFactory.init(NetworkFactory.classifier(job.model(), features.length,
                    sequences.labels().size(), config.learningRate(), config.learningRateDecay(), config.seed()));
        }

        @Override
        public String warmStartMismatch(PublishedModel model) {
            return labelMismatch(model, sequences.labels());
        }

        @Override
        public Evaluator evaluator() {
            return Evaluator.classification(sequences.labels());
        }

        @Override
        public int[] exampleShape() {
            return new int[]{(int) data.stepsMinMedianMax()[2], features.length};
        }

        @Override
        public Map<String, String> artifacts() {
            Map<String, String> artifacts = new LinkedHashMap<>();
            artifacts.put(PublishedModel.NORMALIZER, Json.write(sequences.normalizer()));
            artifacts.put(PublishedModel.LABELS, Json.write(sequences.labels()));
            return artifacts;
        }

        @Override
        public TaskData forJob(JobConfig other) {
            return new Data(other, sequences, features, train, validation, data, baselines);
        }

        @Override
        public Map<String, Score> baselineScores() {
            return ClassifierTask.scores(baselines);
        }

        @Override
        public TaskMetrics metrics(TaskRunner.Trained trained) {
            return ClassifierTask.metrics(job, trained, sequences.labels(), data, baselines);
        }

        @Override
        public void release() {
            train.release();
            validation.release();
            sequences.release();
        }
    }

    /** Rows keyed by {@code sequence} (the id) and {@code steps}; data without the label column is unlabelled. */
    @Override
    Classified classify(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        JobConfig job = model.job();
        InputConfig input = job.input().withPath(inputPath);
        if (!SeriesReader.hasColumn(spark, input, input.labelColumn())) {
            input = input.withoutLabels();
        }
        Normalizer normalizer = model.normalizer();
        List<String> labels = model.labels();
        LabelledSequences sequences = LabelledSequences.forScoring(spark, job, input, normalizer, labels);
        int[] features = features(job);
        Set<String> known = new HashSet<>(labels);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongSupplier unknown = () -> sequences.part(part).filter(q -> q.label() != null && !known.contains(q.label()))
                .count();
        Padding padding = job.padding().padding();
        boolean bucketing = job.padding().bucketing();
        JavaRDD<Row> rows = ExampleOutputs.map(sc, model.modelBytes(), model.scoringBatch(), sequences.part(part), batch -> {
            SequenceShard.Builder shard = new SequenceShard.Builder(features.length, labels.size(), padding, bucketing);
            // The label only fills the shard's slot: unlabelled and unknown ones count as the first.
            batch.forEach(q -> shard.add(q.inputs(features, normalizer), known.contains(q.label())
                    ? labels.indexOf(q.label()) : 0));
            return shard.build();
        }, (q, probabilities) -> row(new Object[]{q.id(), q.length()}, known.contains(q.label()) ? q.label() : null,
                probabilities));
        return new Classified(keys(), rows, unknown);
    }

    @Override
    List<StructField> keys() {
        return List.of(DataTypes.createStructField("sequence", DataTypes.StringType, false),
                DataTypes.createStructField("steps", DataTypes.IntegerType, false));
    }
}
