package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
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
    /** Written by a run that failed after its first checkpoint: the folder stays for {@code --resume}. */
    public static final String FAILED = "_FAILED";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String METRICS = "metrics.json";
    /** Where {@code training.collect-stats} writes each epoch's averaging rounds (JSON), beside the artifacts. */
    public static final String TRAINING_STATS = "training-stats";
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
        if (file.equals(METRICS)) {
            String nonFinite = FiniteMetrics.firstNonFinite(text);
            if (nonFinite != null) {
                throw new IllegalStateException("run " + runId + ": " + nonFinite + " in metrics.json is not a finite "
                        + "number; a run whose metrics are not finite is never published");
            }
        }
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Completes the run: the manifest of everything written so far, then the success marker; the
     * checkpoints, needed only to resume an unfinished run, go.
     */
    public void commit() {
        writeText(Manifest.FILE, Json.write(new Manifest(Manifest.VERSION, runId, artifacts)), false);
        writeText(SUCCESS, "", false);
        try {
            fs.delete(new Path(path, CHECKPOINTS), true);
            fs.delete(new Path(path, FAILED), false);
        } catch (IOException e) {
            LOG.warn("could not delete the checkpoints of {}: {}", path, e.toString());
        }
    }

    private void writeText(String file, String text, boolean overwrite) {
        Path target = new Path(path, file);
        try (FSDataOutputStream out = fs.create(target, overwrite)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Writes a checkpoint file (not an artifact of the run) under {@value #CHECKPOINTS}/. */
    public void writeCheckpoint(String file, StreamWriter content) {
        Path target = new Path(new Path(path, CHECKPOINTS), file);
        try (FSDataOutputStream out = fs.create(target, true)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Replaces a small checkpoint file in one step, so a crash leaves the old one or the new one. */
    public void replaceCheckpoint(String file, String text) {
        Path target = new Path(new Path(path, CHECKPOINTS), file);
        try {
            AtomicFiles.replace(fs, target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** A checkpoint file's bytes, or null when it does not exist. */
    public byte[] readCheckpoint(String file) {
        Path target = new Path(new Path(path, CHECKPOINTS), file);
        try (FSDataInputStream in = fs.open(target)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + target, e);
        }
    }

    public void deleteCheckpoint(String file) {
        try {
            fs.delete(new Path(new Path(path, CHECKPOINTS), file), false);
        } catch (IOException e) {
            LOG.warn("could not delete checkpoint {} of {}: {}", file, path, e.toString());
        }
    }

    /**
     * Marks a run that failed but can be resumed: its checkpoints stay, readers keep ignoring it
     * (no manifest), and {@code train --resume} continues it. Never throws.
     */
    public void fail(String reason) {
        try {
            writeText(FAILED, reason + "\n", true);
        } catch (RuntimeException e) {
            LOG.warn("could not mark {} as failed: {}", path, e.toString());
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
