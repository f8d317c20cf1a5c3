package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.model.NetworkFactory;
import dev.seqtrain.report.CharModelMetrics;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.storage.Json;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import dev.seqtrain.train.TextCorpus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A character-level language model of a text corpus ({@code input.kind = text}): at every step of a
 * window, the next character; judged by bits per character against the unigram baseline.
 */
final class CharModelTask implements Task {
    /** Characters are embedded in this many dimensions before the recurrent layers. */
    static final int EMBEDDING = 32;
    static final String UNIGRAM = "unigram";

    @Override
    public TaskData prepare(SparkSession spark, JobConfig job, ParameterAveragingTrainer trainer,
                            PublishedModel warmFrom) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double fraction = job.split().validationFraction();
        TextCorpus corpus = warmFrom == null ? TextCorpus.read(sc, job.input().path(), fraction)
                : TextCorpus.read(sc, job.input().path(), fraction, warmFrom.vocabulary());
        int length = job.window().length();
        int stride = job.window().stride();
        Shards train = corpus.windowShards(WindowPart.TRAIN, length, stride, trainer.workers(), trainer.storageLevel());
        Shards validation = corpus.windowShards(WindowPart.VALIDATION, length, stride, trainer.workers(),
                trainer.storageLevel());
        if (train.examples() == 0 || validation.examples() == 0) {
            train.release();
            validation.release();
            corpus.release();
            String part = train.examples() == 0 ? "training" : "validation";
            throw new InvalidInputException(Redaction.uris(job.input().path()) + ": no " + part + " window fits: a "
                    + "window needs window.length + 1 = " + (length + 1) + " characters in a document's " + part
                    + " part");
        }
        long[] size = corpus.size();
        CharModelMetrics.Data data = new CharModelMetrics.Data(Redaction.uris(job.input().path()), size[0], size[1],
                corpus.vocabulary().size(), length, stride, train.examples(), validation.examples());
        return new Data(job, corpus, train, validation, data);
    }

    private record Data(JobConfig job, TextCorpus corpus, Shards train, Shards validation, CharModelMetrics.Data data)
            implements TaskData {
        @Override
        public String summary() {
            return String.format(Locale.ROOT, "%d documents, %d characters, %d symbols (unigram entropy %.3f "
                            + "bits/char); %d training and %d validation windows of %d characters", data.documents(),
                    data.characters(), data.vocabularySize(), corpus.vocabulary().unigramBits(), data.trainWindows(),
                    data.validationWindows(), data.windowLength());
        }

        @Override
        public MultiLayerNetwork newNetwork() {
            TrainingConfig config = job.training();
            return NetworkFactory.init(NetworkFactory.characterModel(job.model(), corpus.vocabulary().size(), EMBEDDING,
                    job.window().length(), config.learningRate(), config.learningRateDecay(), config.seed()));
        }

        @Override
        public Evaluator evaluator() {
            return Evaluator.bitsPerCharacter();
        }

        @Override
        public int[] exampleShape() {
            return new int[]{job.window().length(), 1};
        }

        @Override
        public Map<String, String> artifacts() {
            return Map.of(PublishedModel.VOCABULARY, Json.write(corpus.vocabulary()));
        }

        /** Text the model writes from a new line, a little sharpened and as it is. */
        @Override
        public RunReport.Picture picture(MultiLayerNetwork network) {
            Map<String, String> samples = new LinkedHashMap<>();
            for (double temperature : new double[]{0.5, 1.0}) {
                samples.put(String.valueOf(temperature), TextGenerator.generate(network, corpus.vocabulary(), "\n", 400,
                        temperature, job.training().seed()));
            }
            return new RunReport.Samples(samples);
        }

        @Override
        public TaskData forJob(JobConfig other) {
            return new Data(other, corpus, train, validation, data);
        }

        @Override
        public Map<String, Score> baselineScores() {
            return Map.of(UNIGRAM, Score.bitsPerCharacter(corpus.vocabulary().unigramBits()));
        }

        @Override
        public TaskMetrics metrics(TaskRunner.Trained trained) {
            double bits = trained.chosen().validationLoss();
            double unigram = corpus.vocabulary().unigramBits();
            Map<String, Score> scores = baselineScores();
            return new CharModelMetrics(job.name(), trained.runId(), CharModelMetrics.TASK, data, trained.model(),
                    trained.training(), trained.epochs(), trained.chosen().epoch(), trained.stoppedEarly(), bits,
                    Map.of(UNIGRAM, unigram), UNIGRAM, Map.of(),
                    TaskMetrics.beatsAll(Score.bitsPerCharacter(bits), scores, Map.of()), trained.wallSeconds(), null);
        }

        @Override
        public void release() {
            train.release();
            validation.release();
            corpus.release();
        }
    }

    @Override
    public Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        return CharModelScoring.evaluate(spark, model, inputPath, part);
    }

    @Override
    public Predictions predict(SparkSession spark, PublishedModel model, String inputPath) {
        return CharModelScoring.predict(spark, model, inputPath);
    }

    @Override
    public StructType predictionSchema(PublishedModel model) {
        return CharModelScoring.PREDICTIONS;
    }

    @Override
    public String predictionColumn() {
        return "bits_per_char";
    }
}
