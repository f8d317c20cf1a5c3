package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/** Replaces a small file so that readers see either the old content or the new, never a part. */
public final class AtomicFiles {
    /** Object stores: one PUT replaces an object atomically, while their rename is a copy. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cosn");

    private AtomicFiles() {
    }

    public static void replace(FileSystem fs, Path path, RunFolder.StreamWriter content) throws IOException {
        if (OBJECT_STORES.contains(fs.getScheme())) {
            // S3A uploads when the stream closes; a failure before that leaves the old object.
            try (FSDataOutputStream out = fs.create(path, true)) {
                content.writeTo(out);
            }
            return;
        }
        // Filesystems with atomic rename (HDFS, local): write aside, then rename over the old file.
        Path temporary = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                content.writeTo(out);
            }
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temporary, path, Options.Rename.OVERWRITE);
        } finally {
            fs.delete(temporary, false);
        }
    }
}
