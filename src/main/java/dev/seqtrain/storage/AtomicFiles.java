package dev.seqtrain.storage;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;

/** Replaces a small file so that readers see either the old content or the new, never a part. */
public final class AtomicFiles {
    /** Object stores: one PUT replaces an object atomically, while their rename is a copy. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cosn");

    private AtomicFiles() {
    }

    private static void renameOver(FileSystem fs, Path from, Path to) throws IOException {
        FileContext context;
        try {
            context = FileContext.getFileContext(fs.getUri(), fs.getConf());
        } catch (UnsupportedFileSystemException e) {
            // A filesystem with no FileContext binding cannot rename over a file in one step: readers
            // may briefly find no file, but never a partial one.
            fs.delete(to, false);
            if (!fs.rename(from, to)) {
                throw new IOException("rename " + from + " to " + to + " returned false");
            }
            return;
        }
        context.rename(from, to, Options.Rename.OVERWRITE);
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
            renameOver(fs, temporary, path);
        } finally {
            fs.delete(temporary, false);
        }
    }
}
