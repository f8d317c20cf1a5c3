package dev.seqtrain.storage;

import dev.seqtrain.config.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Opens input files on any Hadoop filesystem, or samples embedded in the jar ({@code embedded:<file>}). */
public final class InputFiles {
    public static final String EMBEDDED = "embedded:";
    private static final String SAMPLES = "samples/";

    private InputFiles() {
    }

    /** Opens {@code location} for reading text; a missing file is the user's error, named with {@code key}. */
    public static BufferedReader open(String key, String location, Configuration conf) {
        InputStream in;
        if (location.startsWith(EMBEDDED)) {
            in = InputFiles.class.getClassLoader().getResourceAsStream(SAMPLES + location.substring(EMBEDDED.length()));
            if (in == null) {
                throw new InvalidInputException(key + ": no embedded sample '" + location + "'");
            }
        } else {
            Path path = Locations.resolve(location);
            try {
                FileSystem fs = path.getFileSystem(conf);
                in = fs.open(path);
            } catch (FileNotFoundException e) {
                throw new InvalidInputException(key + ": no such file: " + path);
            } catch (IOException e) {
                throw new UncheckedIOException(key + ": cannot open " + path, e);
            }
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
