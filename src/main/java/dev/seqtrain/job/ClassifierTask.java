package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.Redaction;
import dev.seqtrain.report.Classification;
import dev.seqtrain.report.ClassificationMetrics;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.sequence.WindowPart;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * What the two classifiers share: their metrics, and how a published classifier evaluates and
 * predicts new data once each example has its class probabilities. A subclass says how new data
 * becomes examples (sequences, or passages of text) and what identifies each.
 */
abstract class ClassifierTask implements Task {
    private static final String PREDICTED = "predicted";
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTask.class);
    private static final String MAJORITY = "majority-class";

    /**
     * New data classified on the workers, one row per example: the {@code keys} columns, {@code actual}
     * (the example's label, null when the data has none or the model does not know it), then the
     * probability of each of the model's labels, in order (see {@link #row}); {@code unknownLabels}
     * counts the examples with a label the model does not know, when asked (a Spark job: evaluate asks).
     */
    record Classified(List<StructField> keys, JavaRDD<Row> rows, LongSupplier unknownLabels) {
    }

    abstract Classified classify(SparkSession spark, PublishedModel model, String inputPath, WindowPart part);

    /** The columns that identify an example of this classifier. */
    abstract List<StructField> keys();

    @Override
    public StructType predictionSchema(PublishedModel model) {
        List<StructField> fields = new ArrayList<>(keys());
        fields.add(DataTypes.createStructField(predictionColumn(), DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("probability", DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("actual", DataTypes.StringType, true));
        probabilityColumns(model.labels()).forEach(c -> fields.add(DataTypes.createStructField(c, DataTypes.DoubleType,
                false)));
        return new StructType(fields.toArray(StructField[]::new));
    }

    @Override
    public String predictionColumn() {
        return PREDICTED;
    }

    /** A classified example's row: its keys, its actual label or null, the class probabilities. */
    static Row row(Object[] keys, String actual, float[] probabilities) {
        Object[] values = new Object[keys.length + 1 + probabilities.length];
        System.arraycopy(keys, 0, values, 0, keys.length);
        values[keys.length] = actual;
        for (int c = 0; c < probabilities.length; c++) {
            values[keys.length + 1 + c] = (double) probabilities[c];
        }
        return RowFactory.create(values);
    }

    /** The rows with the predicted label and its probability, and one {@code p_<label>} column per class. */
    private static Dataset<Row> predictions(SparkSession spark, Classified classified, List<String> labels) {
        List<StructField> fields = new ArrayList<>(classified.keys());
        fields.add(DataTypes.createStructField("actual", DataTypes.StringType, true));
        List<String> columns = probabilityColumns(labels);
        for (String column : columns) {
            fields.add(DataTypes.createStructField(column, DataTypes.DoubleType, false));
        }
        Dataset<Row> rows = spark.createDataFrame(classified.rows(), new StructType(fields.toArray(StructField[]::new)));
        Column predicted = lit(labels.get(0));
        Column best = col(columns.get(0));
        for (int c = 1; c < labels.size(); c++) {
            predicted = when(col(columns.get(c)).gt(best), labels.get(c)).otherwise(predicted);
            best = greatest(best, col(columns.get(c)));
        }
        List<Column> ordered = new ArrayList<>();
        classified.keys().forEach(key -> ordered.add(col(key.name())));
        ordered.add(predicted.as(PREDICTED));
        ordered.add(best.as("probability"));
        ordered.add(col("actual"));
        columns.forEach(column -> ordered.add(col(column)));
        return rows.select(ordered.toArray(Column[]::new));
    }

    /** {@code p_<label>}, with anything but letters, digits and '_' as '_' so every format takes it. */
    static List<String> probabilityColumns(List<String> labels) {
        return labels.stream().map(label -> "p_" + label.replaceAll("[^A-Za-z0-9_]", "_")).toList();
    }

    @Override
    public Predictions predict(SparkSession spark, PublishedModel model, String inputPath) {
        List<String> labels = model.labels();
        Classified classified = classify(spark, model, inputPath, WindowPart.ALL);
        List<String> values = new ArrayList<>(probabilityColumns(labels));
        values.add("probability");
        return new Predictions(predictions(spark, classified, labels), values);
    }

    /**
     * Accuracy, macro F1 and the confusion matrix over the examples whose label the model knows, next to
     * always answering the training data's commonest label.
     */
    record Evaluation(String runId, String input, long examples, long unknownLabels, Classification model,
                      Map<String, Classification> baselines, Map<String, String> missingBaselines,
                      boolean beatsBaselines) implements Task.Evaluation {
        @Override
        public Score score() {
            return Score.macroF1(model.f1());
        }
    }

    @Override
    public Evaluation evaluate(SparkSession spark, PublishedModel model, String inputPath, WindowPart part) {
        List<String> labels = model.labels();
        Classified classified = classify(spark, model, inputPath, part);
        Dataset<Row> predictions = predictions(spark, classified, labels).where(col("actual").isNotNull()).cache();
        try {
            List<String> values = new ArrayList<>(probabilityColumns(labels));
            ScoringJob.requireFinite(predictions, values, model);
            long[][] confusion = new long[labels.size()][labels.size()];
            for (Row cell : predictions.groupBy("actual", "predicted").count().collectAsList()) {
                confusion[labels.indexOf(cell.getString(0))][labels.indexOf(cell.getString(1))] = cell.getLong(2);
            }
            long examples = Arrays.stream(confusion).flatMapToLong(Arrays::stream).sum();
            long unknownLabels = classified.unknownLabels().getAsLong();
            if (examples == 0) {
                throw new InvalidInputException(Redaction.uris(inputPath) + ": no example has a label the model knows "
                        + labels + (unknownLabels > 0 ? " (" + unknownLabels
                        + " have others)" : "") + ": nothing to evaluate; predict needs no labels");
            }
            Classification network = Classification.of(labels, confusion);
            Map<String, Long> trainLabels = ((ClassificationMetrics) model.metrics()).data().trainLabels();
            String majority = trainLabels.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            Map<String, Classification> baselines = Map.of(MAJORITY,
                    Classification.of(labels, Classification.alwaysPredicting(labels.indexOf(majority), confusion)));
            Map<String, String> missing = new LinkedHashMap<>();
            ((ClassificationMetrics) model.metrics()).baselines().keySet().stream().filter(name -> !name.equals(MAJORITY))
                    .forEach(name -> missing.put(name, "fitted on the training data and not kept with the run; its "
                            + "validation score is in the run's metrics.json"));
            Evaluation evaluation = new Evaluation(model.runId(), Redaction.uris(inputPath), examples,
                    unknownLabels, network, baselines, missing, TaskMetrics.beatsAll(
                    Score.macroF1(network.f1()), Map.of(MAJORITY, Score.macroF1(baselines.get(MAJORITY).f1())), Map.of()));
            LOG.info(String.format(Locale.ROOT, "run %s on %s: %d examples, accuracy %.4f, macro F1 %.4f (%s %.4f)%s",
                    model.runId(), evaluation.input(), examples, network.accuracy(), network.f1(), MAJORITY,
                    baselines.get(MAJORITY).f1(), unknownLabels > 0 ? "; " + unknownLabels
                            + " examples with labels the model does not know were left out" : ""));
            return evaluation;
        } finally {
            predictions.unpersist();
        }
    }

    /** A classifier's metrics.json from what training produced. */
    static ClassificationMetrics metrics(JobConfig job, TaskRunner.Trained trained, List<String> labels,
                                         ClassificationMetrics.Data data, Map<String, Classification> baselines) {
        Classification result = trained.chosen().classification();
        Map<String, Score> scores = scores(baselines);
        return new ClassificationMetrics(job.name(), trained.runId(), ClassificationMetrics.TASK, labels, data,
                trained.model(), trained.training(), trained.epochs(), trained.chosen().epoch(), trained.stoppedEarly(),
                result, baselines, TaskMetrics.best(scores), Map.of(),
                TaskMetrics.beatsAll(Score.macroF1(result.f1()), scores, Map.of()), trained.wallSeconds(), null);
    }

    /** Each baseline's macro F1. */
    static Map<String, Score> scores(Map<String, Classification> baselines) {
        Map<String, Score> scores = new LinkedHashMap<>();
        baselines.forEach((name, classification) -> scores.put(name, Score.macroF1(classification.f1())));
        return scores;
    }

    /** Why a published classifier cannot continue on data with {@code labels}: it predicts other classes. */
    static String labelMismatch(PublishedModel model, List<String> labels) {
        List<String> published = model.labels();
        return published.equals(labels) ? null : "CURRENT run " + model.runId() + " predicts " + published
                + ", the new training data has " + labels;
    }
}
