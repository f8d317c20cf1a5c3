package dev.seqtrain.job;

import dev.seqtrain.S3Proxy;
import dev.seqtrain.SampleSlice;
import dev.seqtrain.SharedSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The round trip on S3 through S3A against s3proxy, and no secret in any log line or saved file. */
@Tag("storage")
class S3RoundTripTest {
    private static final String BUCKET = "seqtrain-test";
    private static final String ACCESS_KEY = "seqtrain-access";
    private static final String SECRET_KEY = "secret-" + UUID.randomUUID();

    @TempDir
    static java.nio.file.Path dir;
    private static S3Proxy s3;

    @BeforeAll
    static void startS3() throws IOException {
        s3 = S3Proxy.start(dir, ACCESS_KEY, SECRET_KEY);
        Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();
        conf.set("fs.s3a.endpoint", s3.endpoint());
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        conf.set("fs.s3a.path.style.access", "true");
        conf.set("fs.s3a.connection.ssl.enabled", "false");
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", ACCESS_KEY);
        conf.set("fs.s3a.secret.key", SECRET_KEY);
        conf.set("fs.s3a.bucket.probe", "0");
        conf.set("fs.s3a.change.detection.mode", "none");
        conf.set("fs.s3a.attempts.maximum", "3");
        conf.set("fs.s3a.retry.limit", "3");
        createBucket(conf);
    }

    /** S3A never creates buckets; s3proxy does on a PUT of the bucket, sent with the SDK S3A uses. */
    private static void createBucket(Configuration conf) {
        com.amazonaws.services.s3.AmazonS3 client = com.amazonaws.services.s3.AmazonS3ClientBuilder.standard()
                .withEndpointConfiguration(new com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration(
                        s3.endpoint(), "us-east-1"))
                .withPathStyleAccessEnabled(true)
                .withCredentials(new com.amazonaws.auth.AWSStaticCredentialsProvider(
                        new com.amazonaws.auth.BasicAWSCredentials(ACCESS_KEY, SECRET_KEY)))
                .build();
        client.createBucket(BUCKET);
        client.shutdown();
    }

    @AfterAll
    static void stopS3() throws IOException {
        FileSystem.closeAll();
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void trainPublishEvaluateAndPredictOnS3WithoutLeakingTheSecret() throws IOException {
        String root = "s3a://" + BUCKET;
        Configuration conf = SharedSpark.session().sparkContext().hadoopConfiguration();
        FileSystem fs = new Path(root + "/").getFileSystem(conf);
        fs.copyFromLocalFile(new Path(SampleSlice.csv().toUri()), new Path(root + "/data/slice.csv"));

        StringWriter logs = new StringWriter();
        Logger rootLogger = (Logger) LogManager.getRootLogger();
        Level previous = rootLogger.getLevel();
        WriterAppender capture = WriterAppender.newBuilder().setName("capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c: %m%n%throwable").build()).build();
        capture.start();
        rootLogger.addAppender(capture);
        rootLogger.setLevel(Level.INFO);
        String runId;
        try {
            runId = RoundTrip.check(root + "/data/slice.csv", root + "/models", root + "/predictions");
        } finally {
            rootLogger.setLevel(previous);
            rootLogger.removeAppender(capture);
            capture.stop();
        }

        assertTrue(fs.exists(new Path(root + "/models/" + RoundTrip.MODEL + "/runs/" + runId + "/manifest.json")));
        assertTrue(logs.toString().contains("published run " + runId), "the capture saw the run's log");
        assertFalse(logs.toString().contains(SECRET_KEY), "the secret key appears in the log");
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(root + "/"), true);
        int checked = 0;
        while (files.hasNext()) {
            Path file = files.next().getPath();
            try (FSDataInputStream in = fs.open(file)) {
                String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(SECRET_KEY), "the secret key is saved in " + file);
                checked++;
            }
        }
        assertTrue(checked >= 8, "model, normaliser, job, metrics, manifest, CURRENT, predictions: " + checked);
    }
}
