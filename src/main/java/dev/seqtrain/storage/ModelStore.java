package dev.seqtrain.storage;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's storage on any Hadoop filesystem:
 * <pre>
 * &lt;output&gt;/&lt;model-name&gt;/
 *   CURRENT                the id of the published run, replaced atomically
 *   runs/&lt;run-id&gt;/        one folder per run; complete once manifest.json is written
 * </pre>
 * Readers only ever see complete runs: a folder without a valid manifest is skipped, and loading
 * checks every artifact's size and checksum.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    public static final String CURRENT = "CURRENT";

    private final FileSystem fs;
    private final Path root;

    private ModelStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    public static ModelStore open(String output, String modelName, Configuration conf) {
        Path root = new Path(Locations.resolve(output), modelName);
        try {
            FileSystem fs = root.getFileSystem(conf);
            // Hadoop's local filesystem would add a .crc file beside every artifact.
            fs.setWriteChecksum(false);
            return new ModelStore(fs, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Checks, before any work and without writing anything, that runs can be written here: the nearest
     * existing folder on the way to the model's folder is a folder this user may write. A path that is a
     * file, or not writable, is bad input, not a failed run.
     */
    public ModelStore requireWritable() {
        try {
            Path existing = root;
            while (existing != null && !fs.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return this;
            }
            if (!fs.getFileStatus(existing).isDirectory()) {
                throw new InvalidInputException("output: " + Redaction.uris(existing.toString()) + " is a file, not a "
                        + "folder: runs of " + root.getName() + " cannot be written under it");
            }
            try {
                fs.access(existing, org.apache.hadoop.fs.permission.FsAction.WRITE);
            } catch (RuntimeException cannotTell) {
                // FileSystem.access's default guesses from permission bits, and some wrapping filesystems
                // cannot answer; the run's first write is then where a read-only output shows.
                LOG.debug("cannot check write access to {}", existing, cannotTell);
            }
            return this;
        } catch (org.apache.hadoop.security.AccessControlException e) {
            throw new InvalidInputException("output: cannot write under " + Redaction.uris(root.toString()) + ": "
                    + e.getMessage() + " (check the path and its permissions)", e);
        } catch (IOException e) {
            throw new InvalidInputException("output: cannot check " + Redaction.uris(root.toString()) + ": "
                    + e.getMessage(), e);
        }
    }

    private Path runPath(String runId) {
        return new Path(new Path(root, "runs"), runId);
    }

    /** Creates a new run's folder; refuses an id that exists, so two runs never mix their files. */
    public RunFolder createRun(String runId) {
        Path path = runPath(runId);
        try {
            if (fs.exists(path)) {
                throw new IllegalStateException("run folder already exists: " + path);
            }
            if (!fs.mkdirs(path)) {
                throw new IOException("mkdirs returned false");
            }
            return new RunFolder(fs, path, runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + path, e);
        }
    }

    /** Reopens a run that did not complete, to resume it from its checkpoints. */
    public RunFolder reopenRun(String runId) {
        Path path = runPath(runId);
        try {
            if (!fs.exists(path)) {
                throw new InvalidInputException("--resume " + runId + ": no run folder " + path);
            }
            if (manifest(runId).isPresent()) {
                throw new InvalidInputException("--resume " + runId + ": the run is complete; nothing to resume");
            }
            // Whatever a failed publish left beside the checkpoints is rewritten by the resumed run.
            for (FileStatus child : fs.listStatus(path)) {
                if (!child.getPath().getName().equals(RunFolder.CHECKPOINTS)) {
                    fs.delete(child.getPath(), true);
                }
            }
            return new RunFolder(fs, path, runId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen " + path, e);
        }
    }

    /** Every run folder, oldest first (ids sort by start time), with whether it is complete. */
    public List<RunStatus> runs() {
        Optional<String> current = current();
        List<RunStatus> runs = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(new Path(root, "runs"))) {
                if (status.isDirectory()) {
                    String id = status.getPath().getName();
                    Optional<Manifest> manifest = manifest(id);
                    runs.add(new RunStatus(id, manifest.isPresent(), manifest.isPresent() && !sizesMatch(id, manifest.get()),
                            current.map(id::equals).orElse(false), fs.exists(new Path(status.getPath(), RunFolder.FAILED))));
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        runs.sort(Comparator.comparing(RunStatus::runId));
        return runs;
    }

    /**
     * @param complete whether its manifest exists and parses; artifacts are checked in full on load
     * @param corrupt  a complete run whose artifacts' sizes differ from its manifest's (cheap to check)
     * @param failed   whether it failed after a checkpoint and can be resumed
     */
    public record RunStatus(String runId, boolean complete, boolean corrupt, boolean current, boolean failed) {
    }

    private boolean sizesMatch(String runId, Manifest manifest) {
        try {
            for (Manifest.Artifact artifact : manifest.artifacts()) {
                if (fs.getFileStatus(new Path(runPath(runId), artifact.name())).getLen() != artifact.bytes()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The run CURRENT names, if any run was ever published. */
    public Optional<String> current() {
        try {
            String id = new String(readAll(new Path(root, CURRENT)), StandardCharsets.UTF_8).trim();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + new Path(root, CURRENT), e);
        }
    }

    /** Points CURRENT at a run after checking it is complete and intact: publishing, and rollback. */
    public void promote(String runId) {
        PublishedRun run = load(runId);
        byte[] metrics = run.artifacts().get(RunFolder.METRICS);
        String nonFinite = metrics == null ? null : FiniteMetrics.firstNonFinite(new String(metrics, StandardCharsets.UTF_8));
        if (nonFinite != null) {
            throw new InvalidInputException("run " + runId + ": metrics.json has " + nonFinite + " not a finite number; a "
                    + "run whose metrics are not finite never becomes CURRENT");
        }
        try {
            AtomicFiles.replace(fs, new Path(root, CURRENT),
                    out -> out.write((runId + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + new Path(root, CURRENT), e);
        }
    }

    /** Reads a complete run, refusing one whose artifacts do not match its manifest. */
    public PublishedRun load(String runId) {
        Manifest manifest = requireManifest(runId);
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        for (Manifest.Artifact artifact : manifest.artifacts()) {
            artifacts.put(artifact.name(), read(runId, artifact));
        }
        return new PublishedRun(runId, runPath(runId).toString(), artifacts);
    }

    /** Reads one artifact of a complete run, checked against the manifest. */
    public byte[] artifact(String runId, String name) {
        return requireManifest(runId).artifacts().stream().filter(a -> a.name().equals(name)).findFirst()
                .map(artifact -> read(runId, artifact))
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has no artifact " + name));
    }

    private Manifest requireManifest(String runId) {
        return manifest(runId).orElseThrow(() -> new InvalidInputException(
                "no complete run " + runId + " under " + root + " (no valid " + Manifest.FILE + ")"));
    }

    private byte[] read(String runId, Manifest.Artifact artifact) {
        byte[] content;
        try {
            content = readAll(new Path(runPath(runId), artifact.name()));
        } catch (IOException e) {
            throw new InvalidInputException("run " + runId + ": cannot read " + artifact.name() + ": " + e, e);
        }
        String sha256 = Checksums.hex(Checksums.sha256().digest(content));
        if (content.length != artifact.bytes() || !sha256.equals(artifact.sha256())) {
            throw new InvalidInputException("run " + runId + ": " + artifact.name() + " does not match "
                    + Manifest.FILE + " (" + content.length + " bytes, sha256 " + sha256 + "; expected "
                    + artifact.bytes() + " bytes, sha256 " + artifact.sha256() + "): refusing to load it");
        }
        return content;
    }

    /** The CURRENT run, loaded and checked. */
    public PublishedRun loadCurrent() {
        return load(current().orElseThrow(() -> new InvalidInputException(
                "no published run under " + root + " (" + CURRENT + " is missing)")));
    }

    /** What a nightly run recorded for {@code date} once it finished (its run and the gate's decision), if one did. */
    public Optional<String> night(String date) {
        try {
            return Optional.of(new String(readAll(nightPath(date)), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + nightPath(date), e);
        }
    }

    /** Records that the night {@code date} is done: the last step of a nightly run. */
    public void recordNight(String date, String json) {
        try {
            fs.mkdirs(nightPath(date).getParent());
            AtomicFiles.replace(fs, nightPath(date), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + nightPath(date), e);
        }
    }

    private Path nightPath(String date) {
        return new Path(new Path(root, "nights"), date + ".json");
    }

    /**
     * Takes the model's lock ({@code <root>/_LOCK}), so two nightly runs never overlap; a lock older
     * than {@code staleAfter} was left by a killed run and is taken over. Created exclusively: atomic
     * on HDFS and local disks; on S3 two runs starting within the same second could both get it.
     */
    public RunLock lock(String owner, java.time.Duration staleAfter, java.time.Clock clock) {
        return RunLock.acquire(fs, new Path(root, RunLock.FILE), owner, staleAfter, clock);
    }

    private Optional<Manifest> manifest(String runId) {
        try {
            Manifest manifest = Json.read(new String(readAll(new Path(runPath(runId), Manifest.FILE)),
                    StandardCharsets.UTF_8), Manifest.class);
            return manifest.runId().equals(runId) ? Optional.of(manifest) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // missing or unreadable: the run is not complete
        }
    }

    private byte[] readAll(Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }
}
