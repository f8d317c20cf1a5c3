package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;

/**
 * The local filesystem under the scheme {@code stuck://}, whose reads hang inside Spark tasks (as a
 * read from an unresponsive store does) until the task is interrupted, or two minutes pass. The
 * driver's own reads (a CSV header) go through. Register with {@code fs.stuck.impl}.
 */
public class StuckFileSystem extends RawLocalFileSystem {
    private static final long GIVE_UP_MILLIS = 120_000;

    @Override
    public URI getUri() {
        return URI.create("stuck:///");
    }

    @Override
    public String getScheme() {
        return "stuck";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        if (Thread.currentThread().getName().startsWith("Executor task launch worker")) {
            try {
                Thread.sleep(GIVE_UP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("read of " + f + " interrupted");
            }
        }
        return super.open(f, bufferSize);
    }
}
