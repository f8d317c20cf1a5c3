package dev.seqtrain.job;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The round trip with input, runs and predictions on a real HDFS (one namenode, one datanode, loopback). */
@Tag("storage")
class HdfsRoundTripTest {
    @TempDir
    static java.nio.file.Path dir;
    private static MiniDFSCluster cluster;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        // One datanode: the client must not ask for three replicas.
        SharedSpark.session().sparkContext().hadoopConfiguration().set("dfs.replication", "1");
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void trainPublishEvaluateAndPredictOnHdfs() throws IOException {
        String hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        FileSystem fs = new Path(hdfs + "/").getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(new Path(SampleSlice.csv().toUri()), new Path(hdfs + "/data/slice.csv"));

        String runId = RoundTrip.check(hdfs + "/data/slice.csv", hdfs + "/models", hdfs + "/predictions");

        assertTrue(fs.exists(new Path(hdfs + "/models/" + RoundTrip.MODEL + "/runs/" + runId + "/manifest.json")));
        assertTrue(Files.notExists(dir.resolve("models")), "nothing went to the local filesystem");
    }
}
