package dev.seqtrain.storage;

import dev.seqtrain.report.Json;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One run's folder, {@code <output>/<model-name>/runs/<run-id>/}, being written. Artifacts are
 * checksummed as they are written; {@link #commit()} writes {@value Manifest#FILE} after all of
 * them, then {@value #SUCCESS} for tools that wait on it. A failed run deletes its folder with
 * {@link #discard()}.
 */
public final class RunFolder {
    public static final String SUCCESS = "_SUCCESS";
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);

    private final FileSystem fs;
    private final Path path;
    private final String runId;
    private final List<Manifest.Artifact> artifacts = new ArrayList<>();

    RunFolder(FileSystem fs, Path path, String runId) {
        this.fs = fs;
        this.path = path;
        this.runId = runId;
    }

    public Path path() {
        return path;
    }

    public String runId() {
        return runId;
    }

    /** Writes one artifact; {@code content} may close the stream or leave it open. */
    public void write(String file, StreamWriter content) {
        Path target = new Path(path, file);
        try {
            DigestOutputStream digesting;
            try (FSDataOutputStream out = fs.create(target, false)) {
                digesting = new DigestOutputStream(out, Checksums.sha256());
                content.writeTo(digesting);
                digesting.flush();
            }
            long bytes = fs.getFileStatus(target).getLen();
            artifacts.add(new Manifest.Artifact(file, bytes, Checksums.hex(digesting.getMessageDigest().digest())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public void writeText(String file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Completes the run: the manifest of everything written so far, then the success marker. */
    public void commit() {
        writeUnlisted(Manifest.FILE, Json.write(new Manifest(Manifest.VERSION, runId, artifacts)));
        writeUnlisted(SUCCESS, "");
    }

    private void writeUnlisted(String file, String text) {
        Path target = new Path(path, file);
        try (FSDataOutputStream out = fs.create(target, false)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Deletes the folder of a run that failed; never throws, so the original failure is reported. */
    public void discard() {
        try {
            fs.delete(path, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the failed run's folder {} (it has no manifest, so readers ignore it): {}",
                    path, e.toString());
        }
    }

    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
