package dev.seqtrain.storage;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.Redaction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * Input files on any Hadoop filesystem, samples embedded in the jar ({@code embedded:<file>}, or
 * {@code embedded:<folder>/} for every file in an embedded folder), and tables of the Spark catalog
 * ({@code table:<name>}).
 */
public final class InputFiles {
    public static final String EMBEDDED = "embedded:";
    private static final String SAMPLES = "samples/";

    private InputFiles() {
    }

    public static boolean isEmbedded(String location) {
        return location.startsWith(EMBEDDED);
    }

    /** {@code table:<name>}: a table or view of the Spark session's catalog (a DataFrame a caller registered). */
    public static final String TABLE = "table:";

    public static boolean isTable(String location) {
        return location.startsWith(TABLE);
    }

    public static String tableName(String location) {
        return location.substring(TABLE.length());
    }

    /** Opens an embedded sample for reading text. */
    public static BufferedReader openEmbedded(String key, String location) {
        InputStream in = InputFiles.class.getClassLoader().getResourceAsStream(SAMPLES + location.substring(EMBEDDED.length()));
        if (in == null) {
            throw new InvalidInputException(key + ": no embedded sample '" + location + "'");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The embedded samples {@code location} names: itself, or the files in an embedded folder, sorted. */
    public static List<String> embeddedFiles(String key, String location) {
        String name = location.substring(EMBEDDED.length());
        if (!name.endsWith("/")) {
            return List.of(location);
        }
        URL folder = InputFiles.class.getClassLoader().getResource(SAMPLES + name);
        if (folder == null) {
            throw new InvalidInputException(key + ": no embedded sample folder '" + location + "'");
        }
        List<String> files = new ArrayList<>();
        try {
            if (folder.openConnection() instanceof JarURLConnection jar) {
                // Inside the job jar: its entries directly in the folder.
                String prefix = jar.getEntryName();
                jar.getJarFile().stream().map(JarEntry::getName)
                        .filter(entry -> entry.startsWith(prefix) && !entry.endsWith("/")
                                && entry.indexOf('/', prefix.length()) < 0)
                        .forEach(entry -> files.add(EMBEDDED + name + entry.substring(prefix.length())));
            } else {
                try (Stream<java.nio.file.Path> inside = Files.list(java.nio.file.Path.of(folder.toURI()))) {
                    inside.filter(Files::isRegularFile)
                            .forEach(file -> files.add(EMBEDDED + name + file.getFileName()));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list embedded folder " + location, e);
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }

    /**
     * The data files {@code location} names: a file, every visible file under a folder (recursively,
     * skipping names starting with {@code _} or {@code .}), or a glob; sorted by path.
     */
    public static List<Path> list(String key, String location, Configuration conf) {
        Path pattern = Locations.resolve(location);
        try {
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new InvalidInputException(key + ": no such file: " + Redaction.uris(pattern.toString()));
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    files.add(match.getPath());
                    continue;
                }
                RemoteIterator<LocatedFileStatus> inside = fs.listFiles(match.getPath(), true);
                while (inside.hasNext()) {
                    Path file = inside.next().getPath();
                    if (!file.getName().startsWith("_") && !file.getName().startsWith(".")) {
                        files.add(file);
                    }
                }
            }
            if (files.isEmpty()) {
                throw new InvalidInputException(key + ": no files under " + Redaction.uris(pattern.toString()));
            }
            files.sort(Comparator.comparing(Path::toString));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot list " + Redaction.uris(pattern.toString()), e);
        }
    }

    /** The first line of a file (its CSV header), or null for an empty file. */
    public static String firstLine(Path file, Configuration conf) {
        try (FSDataInputStream in = file.getFileSystem(conf).open(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Redaction.uris(file.toString()), e);
        }
    }

    /** The 1-based line number of the byte at {@code offset}: only computed for an error message. */
    public static long lineAt(Path file, long offset, Configuration conf) {
        try (FSDataInputStream in = file.getFileSystem(conf).open(file)) {
            long line = 1;
            byte[] buffer = new byte[65536];
            long remaining = offset;
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                    }
                }
                remaining -= read;
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Redaction.uris(file.toString()), e);
        }
    }
}
