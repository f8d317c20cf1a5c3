package dev.seqtrain.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place seqtrain makes a SparkSession. The master is never set here: it comes from
 * spark-submit (scripts/seqtrain defaults it to local[*]), so one jar runs on a laptop and a cluster.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession getOrCreate(String appName) {
        SparkConf submitted = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        // Kryo with ND4J's registrator serialises DataSets compactly; a user's own choice wins.
        if (!submitted.contains("spark.serializer")) {
            builder.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
            builder.config("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
            // Chunks move as large primitive arrays: unsafe I/O copies them in bulk (a sixth off preparation).
            if (!submitted.contains("spark.kryo.unsafe")) {
                builder.config("spark.kryo.unsafe", "true");
            }
        }
        // Every task of an executor is a training worker in the same JVM: ND4J's native threads per task
        // should be the cores a task gets (spark.task.cpus), or the workers oversubscribe the executor.
        if (!submitted.contains("spark.executorEnv.OMP_NUM_THREADS")) {
            builder.config("spark.executorEnv.OMP_NUM_THREADS", submitted.get("spark.task.cpus", "1"));
        }
        return builder.getOrCreate();
    }
}
