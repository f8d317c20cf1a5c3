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
        }
        return builder.getOrCreate();
    }
}
