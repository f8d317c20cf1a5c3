package dev.seqtrain.storage;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete run's artifacts, read and checked against its manifest. */
public record PublishedRun(String runId, String location, Map<String, byte[]> artifacts) {
    public PublishedRun {
        artifacts = Map.copyOf(artifacts);
    }

    public byte[] bytes(String name) {
        byte[] content = artifacts.get(name);
        if (content == null) {
            throw new IllegalStateException("run " + runId + " has no artifact " + name);
        }
        return content;
    }

    public String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
