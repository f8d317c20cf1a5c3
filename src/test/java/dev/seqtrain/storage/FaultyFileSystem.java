package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;

/**
 * The local filesystem under the scheme {@code faulty://}, where writing a file named
 * {@link #failOn} breaks halfway: a real Hadoop filesystem for injecting a storage failure into a
 * whole job. Register with {@code fs.faulty.impl}.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
    public static volatile String failOn = "";

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        FSDataOutputStream real = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        if (!f.getName().equals(failOn)) {
            return real;
        }
        return new FSDataOutputStream(new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 8) {
                    throw new IOException("injected failure writing " + f);
                }
                real.write(b);
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        }, null);
    }
}
