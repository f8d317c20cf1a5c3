package dev.seqtrain.storage;

import org.apache.hadoop.fs.Path;

import java.io.File;
import java.net.URI;

/** Turns user-given locations into Hadoop paths. */
public final class Locations {
    private Locations() {
    }

    /**
     * A URI with a scheme ({@code file://}, {@code hdfs://}, {@code s3a://}) is taken as is; a bare
     * path is local, even where the cluster's default filesystem is HDFS.
     */
    public static Path resolve(String location) {
        URI uri = new Path(location).toUri();
        if (uri.getScheme() != null) {
            return new Path(uri);
        }
        return new Path(new File(location).getAbsoluteFile().toURI());
    }
}
