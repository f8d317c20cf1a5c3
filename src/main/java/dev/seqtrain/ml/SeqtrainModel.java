package dev.seqtrain.ml;

import dev.seqtrain.config.InputConfig;
import dev.seqtrain.config.InputKind;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.job.PublishedModel;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A published seqtrain run as a Spark ML {@code Model}: {@code transform} scores a DataFrame in the layout
 * of the model's input and returns its predictions (a forecaster's per window and output, a classifier's
 * per sequence or passage with the class probabilities, a character model's per document), exactly the
 * rows {@code seqtrain predict} writes. Saved and loaded with the ML writers, so it sits in a
 * {@code Pipeline}; the run itself stays in its model store, found by {@link #output()}, {@link #name()}
 * and {@link #runId()}.
 */
public class SeqtrainModel extends Model<SeqtrainModel> implements MLWritable {
    private final String uid;
    // Made after the uid: a parameter names its owner by it.
    private final Param<String> output;
    private final Param<String> name;
    private final Param<String> runId;
    private final Param<String> outputCol;
    private final IntParam batchSize;
    private transient PublishedModel loaded;
    private transient String loadedFrom;

    public SeqtrainModel() {
        this(Identifiable$.MODULE$.randomUID("seqtrain"));
    }

    public SeqtrainModel(String uid) {
        this.uid = uid;
        this.output = new Param<>(this, "output", "the model store (the job's output)");
        this.name = new Param<>(this, "name", "the model's name (the job's name)");
        this.runId = new Param<>(this, "runId", "the published run it scores with");
        this.outputCol = new Param<>(this, "outputCol", "the prediction column's name (unset: prediction, "
                + "predicted or bits_per_char, as seqtrain predict writes it)");
        this.batchSize = new IntParam(this, "batchSize", "examples an executor scores in one forward pass",
                ParamValidators.gtEq(1));
        setDefault(batchSize, PublishedModel.SCORING_BATCH);
    }

    /** The run {@code CURRENT} names now, pinned: the model keeps scoring with it after a later promotion. */
    public static SeqtrainModel current(SparkSession spark, String output, String name) {
        return new SeqtrainModel().setStore(output, name)
                .setRunId(SeqtrainModels.load(spark, output, name).runId());
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> output() {
        return output;
    }

    public Param<String> name() {
        return name;
    }

    public Param<String> runId() {
        return runId;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public SeqtrainModel setStore(String outputValue, String nameValue) {
        set(output, outputValue);
        set(name, nameValue);
        return this;
    }

    public SeqtrainModel setRunId(String value) {
        set(runId, value);
        return this;
    }

    public SeqtrainModel setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    public SeqtrainModel setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** The run, read (and its checksums checked) once per model: a Pipeline asks for the schema, then transforms. */
    private PublishedModel published(SparkSession spark) {
        String at = getOrDefault(output) + "/" + getOrDefault(name) + "/" + getOrDefault(runId);
        if (loaded == null || !loadedFrom.equals(at)) {
            loaded = SeqtrainModels.load(spark, getOrDefault(output), getOrDefault(name), getOrDefault(runId));
            loadedFrom = at;
        }
        return loaded.withScoringBatch((Integer) getOrDefault(batchSize));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        PublishedModel model = published(dataset.sparkSession());
        requireColumns(model, dataset.schema());
        Dataset<Row> predictions = SeqtrainModels.predict(model, dataset.toDF());
        return isDefined(outputCol)
                ? predictions.withColumnRenamed(SeqtrainModels.predictionColumn(model), getOrDefault(outputCol))
                : predictions;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        PublishedModel model = published(SparkSession.active());
        requireColumns(model, schema);
        StructType predictions = SeqtrainModels.predictionSchema(model);
        if (!isDefined(outputCol)) {
            return predictions;
        }
        String renamed = SeqtrainModels.predictionColumn(model);
        return new StructType(Arrays.stream(predictions.fields())
                .map(f -> f.name().equals(renamed) ? new StructField(getOrDefault(outputCol), f.dataType(), f.nullable(),
                        f.metadata()) : f)
                .toArray(StructField[]::new));
    }

    /** Every column the model reads, named when missing: before any work. */
    private static void requireColumns(PublishedModel model, StructType schema) {
        InputConfig input = model.job().input();
        List<String> needed = new ArrayList<>(input.numericColumns());
        if (input.kind() == InputKind.TEXT || input.kind() == InputKind.PASSAGES) {
            needed = List.of("document", "text");
        }
        for (String column : new String[]{input.seriesColumn(), input.timeColumn()}) {
            if (column != null && input.kind() != InputKind.TEXT && input.kind() != InputKind.PASSAGES) {
                needed.add(column);
            }
        }
        List<String> present = List.of(schema.fieldNames());
        for (String column : needed) {
            if (!present.contains(column)) {
                throw new InvalidInputException("run " + model.runId() + " reads column '" + column
                        + "', which the DataFrame lacks (columns: " + String.join(", ", present) + ")");
            }
        }
    }

    @Override
    public SeqtrainModel copy(ParamMap extra) {
        return copyValues(new SeqtrainModel(uid), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<SeqtrainModel> read() {
        return new DefaultParamsReader<>();
    }

    public static SeqtrainModel load(String path) {
        return read().load(path);
    }
}
