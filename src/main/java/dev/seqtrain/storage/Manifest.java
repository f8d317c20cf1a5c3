package dev.seqtrain.storage;

import java.util.List;

/**
 * {@value #FILE}: written after every artifact of a run, listing each with its size and SHA-256.
 * A run folder without a valid manifest is not a run, for every reader.
 */
public record Manifest(int version, String runId, List<Artifact> artifacts) {
    public static final String FILE = "manifest.json";
    public static final int VERSION = 1;

    public Manifest {
        artifacts = List.copyOf(artifacts);
    }

    public record Artifact(String name, long bytes, String sha256) {
    }
}
