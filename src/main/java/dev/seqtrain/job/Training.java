package dev.seqtrain.job;

import com.typesafe.config.ConfigFactory;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code train}: a new run, or the rest of one from its checkpoint, for the task the job's input kind asks. */
public final class Training {
    private static final Logger LOG = LoggerFactory.getLogger(Training.class);

    private Training() {
    }

    /** Trains a new run and publishes it; returns its folder. */
    public static Path run(SparkSession spark, JobConfig job, String runId) {
        ModelStore store = ModelStore.open(job.output(), job.name(), spark.sparkContext().hadoopConfiguration())
                .requireWritable();
        return TaskRunner.train(spark, job, store, () -> store.createRun(runId), null, null);
    }

    /** A nightly run: trains a new run from {@code retrain}'s model, behind its gate. */
    static Path retrain(SparkSession spark, JobConfig job, ModelStore store, String runId, Retrain retrain) {
        return TaskRunner.train(spark, job, store, () -> store.createRun(runId), null, retrain);
    }

    /**
     * Continues a run that stopped (killed, or failed after a checkpoint) from its last checkpoint,
     * with the job as the run started, in the same folder.
     */
    public static Path resume(SparkSession spark, JobConfig located, String runId) {
        ModelStore store = ModelStore.open(located.output(), located.name(), spark.sparkContext().hadoopConfiguration())
                .requireWritable();
        RunFolder folder = store.reopenRun(runId);
        String resolved = Checkpoints.job(folder);
        Checkpoints.State state = Checkpoints.state(folder);
        if (resolved == null || state == null) {
            throw new InvalidInputException("--resume " + runId + ": the run has no checkpoint (it stopped before its "
                    + "first epoch ended); start a new run");
        }
        JobConfig job = JobConfigLoader.parseSaved("run " + runId + " checkpoint", ConfigFactory.parseString(resolved));
        LOG.info("resuming run {} after epoch {} of {}", runId, state.epoch(), job.training().epochs());
        return TaskRunner.train(spark, job, store, () -> folder, state, null);
    }
}
