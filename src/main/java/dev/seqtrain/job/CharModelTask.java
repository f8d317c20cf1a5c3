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
import dev.seqtrain.sequence.TextWindows;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/**
 * A character-level language model of a text corpus ({@code input.kind = text}): at every step of a
 * window, the next character; judged by bits per character against the unigram baseline.
 */
final class CharModelTask implements Task {
    /** Characters are embedded in this many dimensions before the recurrent layers. */
    static final int EMBEDDING = 32;
    private static final Logger LOG = LoggerFactory.getLogger(CharModelTask.class);
    private static final String UNIGRAM = "unigram";
    private static final StructType SCORES = new StructType()
            .add("document", DataTypes.StringType, false)
            .add("characters", DataTypes.LongType, false)
            .add("bits", DataTypes.DoubleType, false)
            .add("unigram_bits", DataTypes.DoubleType, false);

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
        public TaskMetrics metrics(TaskRunner.Trained trained) {
            double bits = trained.chosen().validationLoss();
            double unigram = corpus.vocabulary().unigramBits();
            Map<String, Score> scores = Map.of(UNIGRAM, Score.bitsPerCharacter(unigram));
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

    /**
     * Per document of new text: the characters predicted (each once, in windows of {@code window.length}),
     * and the bits the model and the unigram baseline spend on them.
     */
    private static Dataset<Row> documentScores(SparkSession spark, PublishedModel model, String inputPath,
                                               WindowPart part) {
        JobConfig job = model.job();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Vocabulary vocabulary = model.vocabulary();
        TextCorpus corpus = TextCorpus.read(sc, inputPath, job.split().validationFraction(), vocabulary);
        int length = job.window().length();
        int symbols = vocabulary.size();
        double[] unigram = vocabulary.unigramBitsPerSymbol();
        JavaRDD<Row> windows = ExampleOutputs.map(sc, model.modelBytes(), corpus.documentWindows(part, length),
                batch -> TextCorpus.windowShard(batch.stream().map(TextCorpus.DocumentWindow::window).iterator(), length,
                        symbols),
                (window, probabilities) -> score(window, probabilities, symbols, unigram));
        Dataset<Row> documents = spark.createDataFrame(windows, SCORES).groupBy("document")
                .agg(sum("characters").as("characters"), sum("bits").as("bits"), sum("unigram_bits").as("unigram_bits"))
                .orderBy("document");
        if (documents.isEmpty()) {
            throw new InvalidInputException(Redaction.uris(inputPath) + ": no document has window.length + 1 = "
                    + (length + 1) + " characters to score");
        }
        return documents;
    }

    /** A window's characters and the bits the model (its probabilities, {@code [symbol][step]}) and the unigram spend. */
    private static Row score(TextCorpus.DocumentWindow window, float[] probabilities, int symbols, double[] unigram) {
        TextWindows.Window characters = window.window();
        int steps = characters.next().length;
        double bits = 0;
        double baseline = 0;
        for (int s = 0; s < steps; s++) {
            int next = characters.next()[s];
            bits -= Math.log(probabilities[next * steps + s] + 1e-12) / Math.log(2); // as the training evaluator
            baseline += unigram[next];
        }
        return RowFactory.create(Redaction.uris(window.document()), (long) steps, bits, baseline);
    }

    /** Bits per character on new text next to the unigram's (the training text's character frequencies). */
    record Evaluation(String runId, String input, long documents, long characters, double bitsPerCharacter,
                      Map<String, Double> baselines, boolean beatsBaselines) implements Task.Evaluation {
        @Override
        public Score score() {
            return Score.bitsPerCharacter(bitsPerCharacter);
        }
    }

    @Override
    public Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        Dataset<Row> documents = documentScores(spark, model, inputPath, part).cache();
        try {
            ScoringJob.requireFinite(documents, List.of("bits"), model);
            Row total = documents.agg(sum("characters"), sum("bits"), sum("unigram_bits")).first();
            long characters = total.getLong(0);
            double bits = total.getDouble(1) / characters;
            double unigram = total.getDouble(2) / characters;
            Evaluation evaluation = new Evaluation(model.runId(), Redaction.uris(inputPath), documents.count(),
                    characters, bits, Map.of(UNIGRAM, unigram), bits < unigram);
            LOG.info(String.format(Locale.ROOT, "run %s on %s: %d characters, %.4f bits/char (unigram %.4f)",
                    model.runId(), evaluation.input(), characters, bits, unigram));
            return evaluation;
        } finally {
            documents.unpersist();
        }
    }

    /** One row per document: its characters scored, and bits per character of the model and of the unigram. */
    @Override
    public Predictions predict(SparkSession spark, PublishedModel model, String inputPath) {
        Dataset<Row> rows = documentScores(spark, model, inputPath, WindowPart.ALL).select(col("document"),
                col("characters"), col("bits").divide(col("characters")).as("bits_per_char"),
                col("unigram_bits").divide(col("characters")).as("unigram_bits_per_char"));
        return new Predictions(rows, List.of("bits_per_char"));
    }
}
