package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Json;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ExampleOutputs;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.TextCorpus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Passages of text classified by the file they come from ({@code input.kind = passages}): each
 * file's name is its class, passages of {@code window.length} characters every {@code window.stride}.
 */
final class PassageClassifierTask extends ClassifierTask {
    @Override
    public TaskData prepare(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer,
                            PublishedModel warmFrom) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double fraction = job.split().validationFraction();
        TextCorpus corpus = warmFrom == null ? TextCorpus.read(sc, job.input().path(), fraction)
                : TextCorpus.read(sc, job.input().path(), fraction, warmFrom.vocabulary());
        List<String> labels = corpus.labels("input.path");
        int length = job.window().length();
        int stride = job.window().stride();
        Shards train = corpus.passageShards(WindowPart.TRAIN, length, stride, labels, trainer.workers(),
                trainer.storageLevel());
        Shards validation = corpus.passageShards(WindowPart.VALIDATION, length, stride, labels, trainer.workers(),
                trainer.storageLevel());
        if (train.examples() == 0 || validation.examples() == 0) {
            train.release();
            validation.release();
            corpus.release();
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": no " + (train.examples() == 0
                    ? "training" : "validation") + " passages of window.length = " + length + " characters fit in "
                    + "the documents' parts for split.validation-fraction = " + fraction);
        }
        Map<String, Long> trainCounts = corpus.passageCounts(WindowPart.TRAIN, length, stride, labels);
        long[] steps = {length, length, length};
        ClassificationMetrics.Data data = new ClassificationMetrics.Data(Redaction.uris(job.input().path()),
                List.of("characters"), train.examples(), validation.examples(), steps, trainCounts, 0, 0, "none");
        return new Data(job, corpus, labels, train, validation, data, corpus.passageBaselines(length, stride, labels));
    }

    private record Data(JobConfig job, TextCorpus corpus, List<String> labels, Shards train, Shards validation,
                        ClassificationMetrics.Data data, Map<String, Classification> baselines) implements TaskData {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%d training and %d validation passages of %d characters, classes %s, "
                            + "%d symbols", data.trainSequences(), data.validationSequences(), job.window().length(),
                    data.trainLabels(), corpus.vocabulary().size());
        }

        @Override
        public MultiLayerNetwork newNetwork() {
            TrainingConfig config = job.training();
            return NetworkFactory.init(NetworkFactory.passageClassifier(job.model(), corpus.vocabulary().size(),
                    CharModelTask.EMBEDDING, job.window().length(), labels.size(), config.learningRate(),
                    config.learningRateDecay(), config.seed()));
        }

        @Override
        public String warmStartMismatch(PublishedModel model) {
            return labelMismatch(model, labels);
        }

        @Override
        public Evaluator evaluator() {
            return Evaluator.classification(labels);
        }

        @Override
        public int[] exampleShape() {
            return new int[]{job.window().length(), 1};
        }

        @Override
        public Map<String, String> artifacts() {
            Map<String, String> artifacts = new LinkedHashMap<>();
            artifacts.put(PublishedModel.VOCABULARY, Json.write(corpus.vocabulary()));
            artifacts.put(PublishedModel.LABELS, Json.write(labels));
            return artifacts;
        }

        @Override
        public TaskData forJob(JobConfig other) {
            return new Data(other, corpus, labels, train, validation, data, baselines);
        }

        @Override
        public Map<String, Score> baselineScores() {
            return ClassifierTask.scores(baselines);
        }

        @Override
        public TaskMetrics metrics(TaskRunner.Trained trained) {
            return ClassifierTask.metrics(job, trained, labels, data, baselines);
        }

        @Override
        public void release() {
            train.release();
            validation.release();
            corpus.release();
        }
    }

    /**
     * Rows keyed by {@code document} and {@code start} (the passage's first character); a file whose
     * name is no class of the model's is unlabelled.
     */
    @Override
    Classified classify(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        JobConfig job = model.job();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Vocabulary vocabulary = model.vocabulary();
        List<String> labels = model.labels();
        TextCorpus corpus = TextCorpus.read(sc, inputPath, job.split().validationFraction(), vocabulary);
        int length = job.window().length();
        JavaRDD<TextCorpus.Passage> passages = corpus.passages(part, length, job.window().stride(), labels);
        LongSupplier unknown = () -> passages.filter(passage -> passage.label() < 0).count();
        int classes = labels.size();
        JavaRDD<Row> rows = ExampleOutputs.map(sc, model.modelBytes(), model.scoringBatch(), passages,
                batch -> TextCorpus.passageShard(batch.iterator(), length, classes),
                (passage, probabilities) -> row(new Object[]{Redaction.uris(passage.document()), passage.start()},
                        passage.label() < 0 ? null : labels.get(passage.label()), probabilities));
        return new Classified(keys(), rows, unknown);
    }

    @Override
    List<StructField> keys() {
        return List.of(DataTypes.createStructField("document", DataTypes.StringType, false),
                DataTypes.createStructField("start", DataTypes.IntegerType, false));
    }
}
