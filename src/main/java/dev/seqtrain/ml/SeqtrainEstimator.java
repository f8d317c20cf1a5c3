package dev.seqtrain.ml;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.job.Training;
import dev.seqtrain.storage.RunIds;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * seqtrain's {@code train} as a Spark ML {@code Estimator}: {@code fit} trains a job (a job file, or the
 * name of an embedded job, with {@code --set}-style overrides) on the given DataFrame instead of the
 * job's {@code input.path}, publishes the run to the job's model store as {@code train} does, and
 * returns a {@link SeqtrainModel} of that run.
 */
public class SeqtrainEstimator extends Estimator<SeqtrainModel> implements MLWritable {
    private final String uid;
    // Made after the uid: a parameter names its owner by it.
    private final Param<String> job;
    private final StringArrayParam overrides;

    public SeqtrainEstimator() {
        this(Identifiable$.MODULE$.randomUID("seqtrainEstimator"));
    }

    public SeqtrainEstimator(String uid) {
        this.uid = uid;
        this.job = new Param<>(this, "job", "a job file, or the name of an embedded job");
        this.overrides = new StringArrayParam(this, "overrides", "key=value overrides of the job, as --set takes them");
        setDefault(overrides, new String[0]);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> job() {
        return job;
    }

    public StringArrayParam overrides() {
        return overrides;
    }

    public SeqtrainEstimator setJob(String value) {
        set(job, value);
        return this;
    }

    public SeqtrainEstimator setOverrides(String... values) {
        set(overrides, values);
        return this;
    }

    /** The job with the DataFrame as its input, validated like any job. */
    private JobConfig job(String table) {
        List<String> all = new ArrayList<>(List.of(getOrDefault(overrides)));
        all.add("input.path=\"" + table + "\"");
        return JobConfigLoader.load(getOrDefault(job), all);
    }

    @Override
    public SeqtrainModel fit(Dataset<?> dataset) {
        String view = "seqtrain_training_" + uid.replaceAll("[^A-Za-z0-9_]", "_");
        dataset.toDF().createOrReplaceTempView(view);
        String runId = RunIds.next(Clock.systemUTC());
        JobConfig trained;
        try {
            trained = job("table:" + view);
            Training.run(dataset.sparkSession(), trained, runId);
        } finally {
            dataset.sparkSession().catalog().dropTempView(view);
        }
        return copyValues(new SeqtrainModel(uid).setStore(trained.output(), trained.name()).setRunId(runId),
                ParamMap.empty()).setParent(this);
    }

    /** The input as it is: what the fitted model returns depends on the data (a classifier's labels). */
    @Override
    public StructType transformSchema(StructType schema) {
        return schema;
    }

    @Override
    public SeqtrainEstimator copy(ParamMap extra) {
        return copyValues(new SeqtrainEstimator(uid), extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<SeqtrainEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static SeqtrainEstimator load(String path) {
        return read().load(path);
    }
}
