package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A model's exclusive lock file, holding who took it and when; released by deleting it. */
public final class RunLock implements AutoCloseable {
    static final String FILE = "_LOCK";
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final FileSystem fs;
    private final Path path;

    private RunLock(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** Thrown when another live run holds the lock. */
    public static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    static RunLock acquire(FileSystem fs, Path path, String owner, Duration staleAfter, Clock clock) {
        try {
            fs.mkdirs(path.getParent());
            for (int attempt = 0; attempt < 2; attempt++) {
                try (FSDataOutputStream out = fs.create(path, false)) {
                    out.write((owner + "\n" + clock.instant() + "\n").getBytes(StandardCharsets.UTF_8));
                    return new RunLock(fs, path);
                } catch (FileAlreadyExistsException e) {
                    String[] held = read(fs, path);
                    Instant since = held.length > 1 ? Instant.parse(held[1]) : Instant.EPOCH;
                    if (Duration.between(since, clock.instant()).compareTo(staleAfter) < 0) {
                        throw new HeldException(path + " is held by " + held[0] + " since " + since
                                + ": another run of this model is in progress (a lock older than " + staleAfter.toHours()
                                + " h is taken over)");
                    }
                    LOG.warn("taking over {}: held by {} since {}, longer than {} h: its run was killed", path,
                            held[0], since, staleAfter.toHours());
                    fs.delete(path, false);
                }
            }
            throw new HeldException(path + " was taken again while this run took over a stale lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + path, e);
        }
    }

    private static String[] read(FileSystem fs, Path path) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
        }
    }

    @Override
    public void close() {
        try {
            fs.delete(path, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + path, e);
        }
    }
}
