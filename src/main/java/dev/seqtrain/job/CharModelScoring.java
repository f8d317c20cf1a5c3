package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.Score;
import dev.seqtrain.sequence.TextWindows;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.sequence.WindowPart;
import dev.seqtrain.train.ExampleOutputs;
import dev.seqtrain.train.TextCorpus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/** A published character model on new text: bits per character, per document and in all, next to the unigram's. */
final class CharModelScoring {
    private static final Logger LOG = LoggerFactory.getLogger(CharModelScoring.class);
    private static final StructType SCORES = new StructType()
            .add("document", DataTypes.StringType, false)
            .add("characters", DataTypes.LongType, false)
            .add("bits", DataTypes.DoubleType, false)
            .add("unigram_bits", DataTypes.DoubleType, false);

    /** What {@code predict} writes: per document, its characters and both models' bits per character. */
    static final StructType PREDICTIONS = new StructType()
            .add("document", DataTypes.StringType, false)
            .add("characters", DataTypes.LongType, true)
            .add("bits_per_char", DataTypes.DoubleType, true)
            .add("unigram_bits_per_char", DataTypes.DoubleType, true);

    private CharModelScoring() {
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
        JavaRDD<TextCorpus.DocumentWindow> toScore = corpus.documentWindows(part, length, length);
        // Checked on the cached text, not on the scores: that would run the network twice. (A window itself
        // is not for Kryo: the check takes a number.)
        if (toScore.map(window -> 1).isEmpty()) {
            throw new InvalidInputException(Redaction.uris(inputPath) + ": no document has window.length + 1 = "
                    + (length + 1) + " characters to score");
        }
        JavaRDD<Row> windows = ExampleOutputs.map(sc, model.modelBytes(), model.scoringBatch(), toScore,
                batch -> TextCorpus.windowShard(batch.stream().map(TextCorpus.DocumentWindow::window).iterator(), length,
                        symbols),
                (window, probabilities) -> score(window, probabilities, symbols, unigram));
        return spark.createDataFrame(windows, SCORES).groupBy("document")
                .agg(sum("characters").as("characters"), sum("bits").as("bits"), sum("unigram_bits").as("unigram_bits"))
                .orderBy("document");
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

    static Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        Dataset<Row> documents = documentScores(spark, model, inputPath, part).cache();
        try {
            ScoringJob.requireFinite(documents, List.of("bits"), model);
            Row total = documents.agg(sum("characters"), sum("bits"), sum("unigram_bits")).first();
            long characters = total.getLong(0);
            double bits = total.getDouble(1) / characters;
            double unigram = total.getDouble(2) / characters;
            Evaluation evaluation = new Evaluation(model.runId(), Redaction.uris(inputPath), documents.count(),
                    characters, bits, Map.of(CharModelTask.UNIGRAM, unigram), bits < unigram);
            LOG.info(String.format(Locale.ROOT, "run %s on %s: %d characters, %.4f bits/char (unigram %.4f)",
                    model.runId(), evaluation.input(), characters, bits, unigram));
            return evaluation;
        } finally {
            documents.unpersist();
        }
    }

    /** One row per document: its characters scored, and bits per character of the model and of the unigram. */
    static Task.Predictions predict(SparkSession spark, PublishedModel model, String inputPath) {
        Dataset<Row> rows = documentScores(spark, model, inputPath, WindowPart.ALL).select(col("document"),
                col("characters"), col("bits").divide(col("characters")).as("bits_per_char"),
                col("unigram_bits").divide(col("characters")).as("unigram_bits_per_char"));
        return new Task.Predictions(rows, List.of("bits_per_char"));
    }
}
