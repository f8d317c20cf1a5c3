package dev.seqtrain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.seqtrain.SharedSpark;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.Manifest;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every case of {@code bad-inputs/cases.conf} through the real command line: the exit code, a
 * message naming the file, line or key at fault, and nothing published, changed or half-written.
 */
class BadInputCorpusTest {
    @TempDir
    static Path dir;

    /** The model name of jobs/forecast.conf: the store keeps it under output/corpus/. */
    private static final String MODEL = "corpus";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path corpus;
    private static Path store;
    private static String runId;

    @BeforeAll
    static void publishOneModel() throws URISyntaxException {
        SharedSpark.session(); // Main.run joins the suite's one local session instead of needing a master
        corpus = Paths.get(BadInputCorpusTest.class.getResource("/bad-inputs").toURI());
        store = dir.resolve("store");
        Result trained = Result.of(new String[]{"train", "--job", corpus.resolve("jobs/forecast.conf").toString(),
                "--set", "input.path=" + corpus.resolve("data/good.csv"), "--set", "output=" + store});
        assertEquals(Main.OK, trained.exit, trained.stderr);
        runId = read(store.resolve(MODEL).resolve("CURRENT")).trim();
    }

    @TestFactory
    Stream<DynamicTest> everyCase() {
        Config file = ConfigFactory.parseFile(corpus.resolve("cases.conf").toFile(),
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
        return file.getConfigList("cases").stream()
                .map(c -> DynamicTest.dynamicTest(c.getString("class") + ": " + c.getString("name"), () -> check(c)));
    }

    private void check(Config c) throws IOException {
        String name = c.getString("name");
        Path tmp = Files.createDirectories(dir.resolve("tmp").resolve(name));
        Path copy = dir.resolve("copies").resolve(name);
        copyTree(store, copy);
        for (Config step : c.hasPath("corrupt") ? c.getConfigList("corrupt") : List.<Config>of()) {
            corrupt(copy.resolve(MODEL), step);
        }
        Map<String, String> storeBefore = fingerprint(store);
        Map<String, String> copyBefore = fingerprint(copy);

        String[] args = c.getStringList("args").stream().map(a -> a
                .replace("{store}", store.toString()).replace("{copy}", copy.toString())
                .replace("{data}", corpus.resolve("data").toString()).replace("{jobs}", corpus.resolve("jobs").toString())
                .replace("{tmp}", tmp.toString()).replace("{run}", runId)).toArray(String[]::new);
        Result result = Result.of(args);

        String context = name + ": exit " + result.exit + "\nstderr:\n" + result.stderr + "\nstdout:\n" + result.stdout;
        assertEquals(c.getInt("exit"), result.exit, context);
        assertTrue(result.stderr.contains(c.getString("stderr")), "expected stderr to contain '" + c.getString("stderr") + "'\n" + context);
        if (c.hasPath("stdout")) {
            assertTrue(result.stdout.contains(c.getString("stdout")), context);
        }
        if (result.exit != Main.OK) {
            assertTrue(result.stderr.startsWith("seqtrain: "), context);
            assertFalse(result.stderr.contains("\tat ") || result.stderr.contains("Exception"), "a stack trace or exception name\n" + context);
            if (!c.getString("class").equals("command")) { // command-line mistakes are followed by the usage
                assertEquals(1, result.stderr.lines().count(), "one line\n" + context);
            }
        }
        assertEquals(storeBefore, fingerprint(store), "the published store changed\n" + context);
        assertEquals(copyBefore, fingerprint(copy), "the damaged store changed\n" + context);
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "left behind under {tmp}\n" + context);
        }
    }

    /** Every file under a folder with its SHA-256, so any write, delete or rename shows. */
    private static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), sha256(Files.readAllBytes(path)));
            }
        }
        return files;
    }

    private static void corrupt(Path model, Config step) throws IOException {
        Path run = model.resolve("runs").resolve(runId);
        if (step.hasPath("truncate")) {
            Path file = run.resolve(step.getString("truncate"));
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        } else if (step.hasPath("flip")) {
            Path file = run.resolve(step.getString("flip"));
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x20; // same size: only the checksum can tell
            Files.write(file, bytes);
        } else if (step.hasPath("delete")) {
            Files.delete(run.resolve(step.getString("delete")));
        } else if (step.hasPath("current")) {
            Files.writeString(model.resolve("CURRENT"), step.getString("current"));
        } else if (step.hasPath("rewrite")) {
            Files.writeString(run.resolve(step.getString("rewrite")), step.getString("text"));
        } else if (step.hasPath("nan-metric")) {
            Path metrics = run.resolve("metrics.json");
            ObjectNode json = (ObjectNode) MAPPER.readTree(metrics.toFile());
            ((ObjectNode) json.get("validation")).put("rmse", Double.NaN); // as Jackson writes a diverged run's
            MAPPER.writeValue(metrics.toFile(), json);
            remanifest(run);
        } else if (step.hasPath("nan-model")) {
            Path zip = run.resolve("model.zip");
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
            network.params().assign(Float.NaN);
            ModelSerializer.writeModel(network, zip.toFile(), false);
            remanifest(run);
        } else {
            throw new IllegalArgumentException("unknown corruption " + step.root().render());
        }
    }

    /** Rewrites the manifest to match damaged artifacts: damage only the model's content can reveal. */
    private static void remanifest(Path run) throws IOException {
        Path file = run.resolve(Manifest.FILE);
        Manifest manifest = Json.read(read(file), Manifest.class);
        List<Manifest.Artifact> artifacts = new ArrayList<>();
        for (Manifest.Artifact artifact : manifest.artifacts()) {
            byte[] bytes = Files.readAllBytes(run.resolve(artifact.name()));
            artifacts.add(new Manifest.Artifact(artifact.name(), bytes.length, sha256(bytes)));
        }
        Files.writeString(file, Json.write(new Manifest(manifest.version(), manifest.runId(), artifacts)));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
        static Result of(String[] args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
