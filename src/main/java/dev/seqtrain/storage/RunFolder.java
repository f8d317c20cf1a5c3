package dev.seqtrain.storage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One run's folder, {@code <output>/<model-name>/runs/<run-id>/}, on any Hadoop filesystem. Readers
 * treat a run as complete only once {@value #SUCCESS} exists, which {@link #commit()} writes last; a
 * failed run deletes its folder with {@link #discard()}.
 */
public final class RunFolder {
    public static final String SUCCESS = "_SUCCESS";
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);

    private final FileSystem fs;
    private final Path path;

    private RunFolder(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** The folder a run would use; nothing is created. */
    public static Path location(String output, String modelName, String runId) {
        return new Path(new Path(new Path(Locations.resolve(output), modelName), "runs"), runId);
    }

    /** Creates the run's folder; fails if a run with this id already exists, so runs never mix files. */
    public static RunFolder create(String output, String modelName, String runId, Configuration conf) {
        Path path = location(output, modelName, runId);
        try {
            FileSystem fs = path.getFileSystem(conf);
            // Hadoop's local filesystem would add a .crc file beside every artifact.
            fs.setWriteChecksum(false);
            if (fs.exists(path)) {
                throw new IllegalStateException("run folder already exists: " + path);
            }
            if (!fs.mkdirs(path)) {
                throw new IOException("mkdirs returned false");
            }
            return new RunFolder(fs, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Writes one artifact; {@code content} must not close the stream. */
    public void write(String file, StreamWriter content) {
        Path target = new Path(path, file);
        try (FSDataOutputStream out = fs.create(target, false)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public void writeText(String file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Marks the run complete. Call after every artifact is written. */
    public void commit() {
        writeText(SUCCESS, "");
    }

    /** Deletes the folder of a run that failed; never throws, so the original failure is reported. */
    public void discard() {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the failed run's folder {}: {}", path, e.toString());
        }
    }

    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
