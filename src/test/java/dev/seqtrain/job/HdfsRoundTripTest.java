package dev.seqtrain.job;

import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.cli.Main;
import dev.seqtrain.ml.SeqtrainEstimator;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.storage.ModelStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aClassifierTrainsEvaluatesAndPredictsOnHdfs() throws IOException {
        String hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        FileSystem fs = new Path(hdfs + "/").getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
        try (InputStream months = getClass().getClassLoader().getResourceAsStream("samples/seattle-weather-months.csv");
             OutputStream copy = fs.create(new Path(hdfs + "/months/weather.csv"))) {
            months.transferTo(copy);
        }
        String[] job = {"--job", "seasons-classify", "--set", "input.path=" + hdfs + "/months",
                "--set", "output=" + hdfs + "/classifiers", "--set", "training.epochs=2", "--set", "model.hidden-size=8"};
        RoundTrip.Output train = RoundTrip.cli(with("train", job));
        assertEquals(Main.OK, train.code(), train.stderr());
        RoundTrip.Output evaluate = RoundTrip.cli(with("evaluate", job));
        assertEquals(Main.OK, evaluate.code(), evaluate.stderr());
        assertTrue(evaluate.stdout().contains("\"accuracy\""), evaluate.stdout());
        RoundTrip.Output predict = RoundTrip.cli(with("predict", job, "--out", hdfs + "/seasons"));
        assertEquals(Main.OK, predict.code(), predict.stderr());
        assertEquals(48, SharedSpark.session().read().parquet(hdfs + "/seasons").count(), "four years of months");
        ModelStore store = ModelStore.open(hdfs + "/classifiers", "seasons-classify",
                SharedSpark.session().sparkContext().hadoopConfiguration());
        assertTrue(store.loadCurrent().artifacts().containsKey(RunReport.FILE));
    }

    @Test
    void aSparkMlPipelineFitsSavesLoadsAndTransformsOnHdfs() throws IOException {
        String hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        FileSystem fs = new Path(hdfs + "/").getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
        fs.copyFromLocalFile(new Path(SampleSlice.csv().toUri()), new Path(hdfs + "/ml/readings.csv"));
        Dataset<Row> readings = SharedSpark.session().read().option("header", "true")
                .schema("date STRING, pressure DOUBLE, temperature DOUBLE, wind DOUBLE").csv(hdfs + "/ml/readings.csv");
        SeqtrainEstimator estimator = new SeqtrainEstimator().setJob("sample-forecast").setOverrides(
                "output=" + hdfs + "/ml/models", "training.epochs=1", "model.hidden-size=8", "window.length=12");
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[]{estimator}).fit(readings);
        fitted.write().save(hdfs + "/ml/pipeline");
        Dataset<Row> forecasts = PipelineModel.load(hdfs + "/ml/pipeline").transform(readings);
        RoundTrip.Output predict = RoundTrip.cli("predict", "--job", "sample-forecast", "--set", "output=" + hdfs
                + "/ml/models", "--set", "window.length=12", "--set", "input.path=" + hdfs + "/ml/readings.csv",
                "--out", hdfs + "/ml/predictions");
        assertEquals(Main.OK, predict.code(), predict.stderr());
        Dataset<Row> written = SharedSpark.session().read().parquet(hdfs + "/ml/predictions");
        assertEquals(written.count(), forecasts.count());
        assertEquals(written.agg(org.apache.spark.sql.functions.sum("prediction")).first().getDouble(0),
                forecasts.agg(org.apache.spark.sql.functions.sum("prediction")).first().getDouble(0), 1e-6,
                "the same forecasts as predict writes");
        assertTrue(fs.exists(new Path(hdfs + "/ml/pipeline/stages")), "the pipeline is saved on HDFS");
    }

    @Test
    void aClassifierPipelineOnHdfsPredictsAsTheCommandLine() throws IOException {
        String hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
        FileSystem fs = new Path(hdfs + "/").getFileSystem(SharedSpark.session().sparkContext().hadoopConfiguration());
        try (InputStream months = getClass().getClassLoader().getResourceAsStream("samples/seattle-weather-months.csv");
             OutputStream copy = fs.create(new Path(hdfs + "/ml-months/weather.csv"))) {
            months.transferTo(copy);
        }
        // A date column, as a user's schema types it: the time order comes from it.
        Dataset<Row> data = SharedSpark.session().read().option("header", "true").schema("month STRING, date DATE, "
                + "precipitation DOUBLE, temp_max DOUBLE, temp_min DOUBLE, wind DOUBLE, season STRING").csv(hdfs + "/ml-months");
        SeqtrainEstimator estimator = new SeqtrainEstimator().setJob("seasons-classify").setOverrides(
                "output=" + hdfs + "/ml-classifiers", "training.epochs=2", "model.hidden-size=8");
        new Pipeline().setStages(new PipelineStage[]{estimator}).fit(data).write().save(hdfs + "/ml/classifier");
        Dataset<Row> classified = PipelineModel.load(hdfs + "/ml/classifier").transform(data);
        RoundTrip.Output predict = RoundTrip.cli("predict", "--job", "seasons-classify", "--set", "output=" + hdfs
                + "/ml-classifiers", "--set", "input.path=" + hdfs + "/ml-months", "--out", hdfs + "/ml/seasons");
        assertEquals(Main.OK, predict.code(), predict.stderr());
        Dataset<Row> written = SharedSpark.session().read().parquet(hdfs + "/ml/seasons");
        assertEquals(labels(written), labels(classified), "the same label and probability for every month");
        assertEquals(48, classified.count());
    }

    private static List<String> labels(Dataset<Row> rows) {
        return rows.select("sequence", "predicted", "probability").collectAsList().stream().map(Row::toString)
                .sorted().toList();
    }

    private static String[] with(String command, String[] job, String... extra) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(job));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }
}
