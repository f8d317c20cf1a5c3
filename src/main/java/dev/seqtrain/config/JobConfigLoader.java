package dev.seqtrain.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;
import dev.seqtrain.sequence.Padding;
import dev.seqtrain.sequence.Split;
import dev.seqtrain.sequence.WindowShape;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a HOCON job file, applies {@code --set key=value} overrides and the defaults in
 * {@code seqtrain/defaults.conf}, and validates the result into a {@link JobConfig}. Every problem
 * becomes an {@link InvalidInputException} naming the file (or override), line and key.
 */
public final class JobConfigLoader {
    private static final String DEFAULTS_RESOURCE = "seqtrain/defaults.conf";
    private static final String EMBEDDED_JOBS = "jobs/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String KEPT_IN_PLACE = "seqtrain's averaging loop keeps each worker's examples in its memory "
            + "for the whole run (README, Training)";
    /** Keys earlier versions accepted, and why they are gone: a job file that sets one gets told. */
    /** The search space: its keys are job keys, not keys of their own. */
    private static final String TUNE_SPACE = "tune.space";
    /** Keys a search may not vary: they say which job and data it is. */
    private static final Set<String> NOT_SEARCHED = Set.of("name", "output", "date", "input.path", "input.kind");
    private static final Map<String, String> REMOVED = Map.of(
            "training.approach", KEPT_IN_PLACE + ", so there is nothing to export",
            "training.repartition", KEPT_IN_PLACE + ", balanced once, so no round repartitions",
            "training.repartition-strategy", KEPT_IN_PLACE + ", balanced once, so no round repartitions",
            "training.prefetch-batches", KEPT_IN_PLACE + " and cuts each minibatch as it is fitted",
            "model.fused-lstm", "model.engine chooses what computes the recurrent layers: fused (the default) or dl4j");

    private JobConfigLoader() {
    }

    /**
     * Loads {@code job}: a path to a job file, or else the name of a job embedded in the jar
     * (the files under {@code jobs/}, with or without {@code .conf}).
     */
    public static JobConfig load(String job, List<String> overrides) {
        Path file = Path.of(job);
        if (Files.isRegularFile(file)) {
            return parse(job, readFile(file), overrides);
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("--job " + job + ": a folder, not a job file");
        }
        String name = job.endsWith(".conf") ? job.substring(0, job.length() - 5) : job;
        String resource = EMBEDDED_JOBS + name + ".conf";
        try (InputStream in = JobConfigLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new InvalidInputException("--job " + job + ": no such file, and no embedded job of that name");
            }
            String source = "embedded:" + name;
            return parse(source, parseReader(new InputStreamReader(in, StandardCharsets.UTF_8), source), overrides);
        } catch (IOException e) {
            throw new InvalidInputException("--job " + job + ": cannot read embedded job: " + e.getMessage(), e);
        }
    }

    /** Validates an already parsed job; {@code source} names it in messages. */
    public static JobConfig parse(String source, Config job, List<String> overrides) {
        try {
            Config defaults = defaults();
            Config user = job;
            for (String override : overrides) {
                user = applyOverride(user, override);
            }
            // ${date} in a job (the input path of a nightly job) is the night's date: yesterday, UTC, unless set.
            Config date = ConfigFactory.parseMap(Map.of("date", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()),
                    "the default date (yesterday, UTC)");
            Config fallback = date.withFallback(defaults);
            Config resolvedUser = user.resolveWith(user.withFallback(fallback));
            rejectUnknownKeys(source, resolvedUser.root(), "", defaults);
            Config merged = resolvedUser.withFallback(fallback).resolve();
            return toJobConfig(source, merged);
        } catch (ConfigException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    /**
     * A job a run saved ({@code job.conf}, a checkpoint's job), perhaps by an earlier version: settings
     * since removed are dropped and renamed ones renamed, so published models stay usable.
     */
    public static JobConfig parseSaved(String source, Config job) {
        Config migrated = job;
        if (migrated.hasPath("model.fused-lstm")) {
            if (!migrated.hasPath("model.engine")) {
                migrated = migrated.withValue("model.engine", ConfigValueFactory.fromAnyRef(
                        migrated.getBoolean("model.fused-lstm") ? "fused" : "dl4j"));
            }
        }
        for (String key : REMOVED.keySet()) {
            migrated = migrated.withoutPath(key);
        }
        // Serialised storage levels reread a worker's whole shard every averaging round: keep the data in memory.
        if (migrated.hasPath("training.storage-level")) {
            String level = migrated.getString("training.storage-level").toLowerCase(Locale.ROOT);
            if (!level.equals("memory_only")) {
                migrated = migrated.withValue("training.storage-level", ConfigValueFactory.fromAnyRef(
                        level.startsWith("memory_only") ? "memory_only" : "memory_and_disk"));
            }
        }
        return parse(source, migrated, List.of());
    }

    /** {@code job} with more overrides, validated again (e.g. another cell, name or epochs). */
    public static JobConfig override(JobConfig job, List<String> overrides) {
        return parse(job.source(), ConfigFactory.parseString(job.definition()), overrides);
    }

    private static Config readFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read job file: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            text = null;
        }
        if (text == null || text.indexOf('\0') >= 0) {
            throw new InvalidInputException(file + ": not a job file: it is not UTF-8 text (a job file is HOCON, "
                    + "like jobs/sample-forecast.conf)");
        }
        // A byte-order mark, as some Windows editors write, is not part of the job.
        return parseReader(new java.io.StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text),
                file.toString());
    }

    private static Config parseReader(Reader reader, String source) {
        try {
            return ConfigFactory.parseReader(reader, ConfigParseOptions.defaults().setOriginDescription(source));
        } catch (ConfigException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
    }

    static Config defaults() {
        return ConfigFactory.parseResources(JobConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    private static Config applyOverride(Config user, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new InvalidInputException("--set " + override + ": expected key=value");
        }
        String key = override.substring(0, eq).trim();
        String text = override.substring(eq + 1).trim();
        String origin = "--set " + key;
        ConfigValue value;
        if (text.startsWith("[") || text.startsWith("{") || text.length() >= 2 && text.startsWith("\"")
                && text.endsWith("\"")) {
            // A list, an object, or a quoted string (the quotes are HOCON's, not part of the value).
            value = ConfigFactory.parseString("v = " + text, ConfigParseOptions.defaults().setOriginDescription(origin))
                    .getValue("v");
        } else {
            // Kept as a string: typed getters convert "5" or "true" as needed, and URIs with ':' or
            // '//' need no HOCON quoting.
            value = ConfigValueFactory.fromAnyRef(text, origin);
        }
        try {
            return user.withValue(key, value);
        } catch (ConfigException.BadPath e) {
            throw new InvalidInputException(origin + ": not a valid key", e);
        }
    }

    private static void rejectUnknownKeys(String source, ConfigObject object, String prefix, Config defaults) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String path = prefix + ConfigUtil.joinPath(entry.getKey());
            ConfigValue value = entry.getValue();
            if (REMOVED.containsKey(path)) {
                throw new InvalidInputException(where(value, source) + ": '" + path + "' is no longer a setting: "
                        + REMOVED.get(path) + "; delete it from the job");
            }
            if (path.equals(TUNE_SPACE)) {
                continue; // the searched keys, checked when the space is read
            }
            if (!defaults.hasPathOrNull(path)) {
                throw new InvalidInputException(where(value, source) + ": unknown key '" + path + "'"
                        + suggestion(path, defaults));
            }
            boolean defaultIsObject = defaults.getIsNull(path) ? false
                    : defaults.getValue(path).valueType() == ConfigValueType.OBJECT;
            if (value.valueType() == ConfigValueType.OBJECT && defaultIsObject) {
                rejectUnknownKeys(source, (ConfigObject) value, path + ".", defaults);
            }
        }
    }

    private static String suggestion(String unknown, Config defaults) {
        List<String> known = new ArrayList<>();
        collectPaths(defaults.root(), "", known);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = editDistance(unknown, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static void collectPaths(ConfigObject object, String prefix, List<String> out) {
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String path = prefix + entry.getKey();
            if (entry.getValue() instanceof ConfigObject child) {
                collectPaths(child, path + ".", out);
            } else {
                out.add(path);
            }
        }
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String where(ConfigValue value, String source) {
        String origin = value.origin().description();
        return origin == null || origin.isBlank() ? source : origin;
    }

    private static JobConfig toJobConfig(String source, Config c) {
        Keys keys = new Keys(source, c);
        String name = keys.string("name");
        if (!NAME.matcher(name).matches()) {
            throw keys.invalid("name", "must be letters, digits, '.', '_' or '-' (it names a folder), got '" + name + "'");
        }
        InputKind kind = keys.choice("input.kind", InputKind.class);
        boolean text = kind == InputKind.TEXT || kind == InputKind.PASSAGES;
        boolean sequences = kind == InputKind.SEQUENCES;
        InputConfig input = new InputConfig(kind, keys.string("input.path"),
                keys.choice("input.format", InputFormat.class),
                text ? List.of() : keys.distinctStrings("input.features"),
                kind == InputKind.SERIES ? keys.distinctStrings("input.targets") : List.of(),
                keys.optionalString("input.time-column"),
                keys.oneOf("input.time-type", "text", "number").equals("number"),
                sequences ? keys.string("input.series-column") : keys.optionalString("input.series-column"),
                sequences ? keys.string("input.label-column") : null);
        WindowShape window = new WindowShape(
                keys.intIn("window.length", 1, 1_000_000),
                keys.intIn("window.stride", 1, 1_000_000),
                keys.intIn("window.horizon", 1, 1_000_000),
                c.getBoolean("window.multi-step"),
                keys.oneOf("window.output", "last", "sequence").equals("sequence"));
        if (window.multiStep() && window.sequence()) {
            throw keys.invalid("window.multi-step", "cannot combine with window.output = sequence, which predicts "
                    + "window.horizon steps ahead at every input step");
        }
        Split split = new Split(keys.choice("split.method", Split.Method.class),
                keys.fraction("split.validation-fraction"),
                keys.optionalString("split.cutoff"),
                keys.intIn("split.gap", 0, 1_000_000));
        if (split.cutoff() != null && (split.method() != Split.Method.TIME || input.timeColumn() == null)) {
            throw keys.invalid("split.cutoff", "needs split.method = time and an input.time-column");
        }
        if (sequences && !split.bySeries()) {
            throw keys.invalid("split.method", "must be series for input.kind = sequences: whole sequences validate");
        }
        PreprocessingConfig preprocessing = new PreprocessingConfig(
                keys.choice("preprocessing.normalization", Normalizer.Method.class),
                MissingValues.of(keys.oneOf("preprocessing.missing-values",
                        "fail", "drop-window", "forward-fill", "interpolate")),
                keys.oneOf("preprocessing.bad-rows", "fail", "skip").equals("skip"),
                keys.intIn("preprocessing.chunk-rows", 1, 100_000_000),
                keys.intIn("preprocessing.partitions", 0, 1_000_000));
        PaddingConfig padding = new PaddingConfig(
                keys.intIn("padding.cap", 0, 1_000_000),
                Padding.Align.of(keys.oneOf("padding.align", "start", "end")),
                Padding.Keep.of(keys.oneOf("padding.keep", "recent", "first")),
                c.getBoolean("padding.bucketing"));
        ModelConfig model = new ModelConfig(
                keys.choice("model.cell", CellType.class),
                keys.intIn("model.hidden-size", 1, 8192),
                keys.intIn("model.layers", 1, 16),
                c.getBoolean("model.bidirectional"),
                keys.between("model.dropout", 0.0, 0.95),
                keys.between("model.l2", 0.0, 1.0),
                keys.oneOf("model.weight-init", "xavier", "xavier_uniform", "relu", "relu_uniform", "lecun_normal",
                        "normal", "uniform"),
                keys.choice("model.updater", Updater.class),
                keys.between("model.gradient-clip", 0.0, 1e6),
                keys.intIn("model.tbptt-length", 0, 1_000_000),
                keys.choice("model.engine", RecurrentEngineKind.class),
                keys.choice("model.pooling", Pooling.class));
        if (model.pooling() != Pooling.LAST && kind != InputKind.SEQUENCES && kind != InputKind.PASSAGES) {
            throw keys.invalid("model.pooling", "applies to classifiers (input.kind = sequences or passages); a "
                    + kind + " model reads every step or the last");
        }
        if (model.cell() == CellType.GRU && model.engine() == RecurrentEngineKind.DL4J) {
            throw keys.invalid("model.engine", "must be fused for model.cell = gru: DL4J has no GRU layer of its own");
        }
        if (model.tbpttLength() > 0 && model.bidirectional()) {
            throw keys.invalid("model.tbptt-length", "cannot combine with model.bidirectional: the backward direction "
                    + "of a truncated segment would need the steps after it (DL4J refuses it mid-training)");
        }
        if (model.tbpttLength() > 0 && !window.sequence()) {
            throw keys.invalid("model.tbptt-length", "needs window.output = sequence: truncated BPTT trains outputs at "
                    + "every step");
        }
        TrainingConfig training = new TrainingConfig(
                keys.intIn("training.epochs", 1, 1_000_000),
                keys.positiveAtMost("training.learning-rate", 10.0),
                keys.positiveAtMost("training.learning-rate-decay", 1.0),
                keys.intIn("training.batch-size-per-worker", 1, 1_000_000),
                keys.intIn("training.averaging-frequency", 1, 1_000_000),
                keys.intIn("training.workers", 0, 1_000_000),
                keys.whole("training.seed"),
                keys.intIn("training.early-stopping.patience", 0, 1_000_000),
                keys.between("training.early-stopping.min-delta", 0.0, 1e12),
                c.getBoolean("training.keep-best"),
                keys.oneOf("training.storage-level", "memory_and_disk", "memory_only").toUpperCase(Locale.ROOT),
                c.getBoolean("training.collect-stats"),
                keys.durationIn("training.stall-timeout", Duration.ofSeconds(1), Duration.ofDays(7)));
        String definition = c.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
        BaselinesConfig baselines = new BaselinesConfig(keys.intIn("baselines.seasonal-period", 0, 1_000_000));
        List<Integer> lengths = keys.wholeList("compare.adding-lengths");
        for (int i = 0; i < lengths.size(); i++) {
            if (lengths.get(i) < 2 || lengths.get(i) > 100_000) {
                throw keys.invalid("compare.adding-lengths", "every length must be between 2 and 100000, got "
                        + lengths.get(i));
            }
        }
        CompareConfig compare = new CompareConfig(lengths,
                keys.intIn("compare.adding-train", 1, 10_000_000),
                keys.intIn("compare.adding-validation", 1, 10_000_000),
                keys.intIn("compare.adding-epochs", 1, 1_000_000),
                c.getBoolean("compare.matched-rnn"),
                c.getBoolean("compare.user-data"));
        String night = keys.string("date");
        try {
            LocalDate.parse(night);
        } catch (java.time.format.DateTimeParseException e) {
            throw keys.invalid("date", "must be a date like 2026-11-26, got '" + night + "'");
        }
        NightlyConfig nightly = new NightlyConfig(
                keys.intIn("nightly.epochs", 1, 1_000_000),
                keys.between("nightly.tolerance", 0.0, 10.0),
                keys.intIn("nightly.lock-timeout-hours", 1, 10_000));
        List<Integer> rungs = keys.wholeList("tune.rungs");
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i) < 1 || i > 0 && rungs.get(i) <= rungs.get(i - 1)) {
                throw keys.invalid("tune.rungs", "must list rising epoch counts of at least 1, got " + rungs);
            }
        }
        if (rungs.isEmpty()) {
            throw keys.invalid("tune.rungs", "must list at least one epoch count");
        }
        TuneConfig tune = new TuneConfig(keys.intIn("tune.trials", 1, 10_000), rungs, keys.intIn("tune.eta", 2, 100),
                keys.durationIn("tune.max-time", Duration.ZERO, Duration.ofDays(30)),
                keys.choice("tune.mode", TuneConfig.Mode.class), keys.intIn("tune.parallel-max-mb", 1, 1_000_000),
                searchSpace(keys, c.getObject(TUNE_SPACE), TUNE_SPACE, ""));
        return new JobConfig(source, name, keys.string("output"), night, input, window, split, preprocessing, padding,
                baselines, model, training, compare, nightly, tune, Redaction.uris(definition), definition);
    }

    /**
     * {@code tune.space}: each searched job key (quoted, {@code "model.hidden-size" = [16, 32]}, or nested)
     * with a list of values or a range {@code {min, max, scale = log | linear}}; a range over a key whose
     * value the job reads as a whole number samples whole numbers.
     */
    private static List<TuneConfig.Dimension> searchSpace(Keys keys, ConfigObject space, String pathPrefix,
                                                          String keyPrefix) {
        Config defaults = defaults();
        List<TuneConfig.Dimension> dimensions = new ArrayList<>();
        // HOCON objects keep no order: keys are sorted, so a seed samples the same trials from the same file.
        for (Map.Entry<String, ConfigValue> entry : new java.util.TreeMap<>(space).entrySet()) {
            String key = keyPrefix + entry.getKey();
            String path = pathPrefix + "." + ConfigUtil.joinPath(entry.getKey());
            ConfigValue value = entry.getValue();
            boolean range = value instanceof ConfigObject object && object.containsKey("min");
            if (value.valueType() == ConfigValueType.OBJECT && !range) {
                dimensions.addAll(searchSpace(keys, (ConfigObject) value, path, key + "."));
                continue;
            }
            if (NOT_SEARCHED.contains(key) || key.startsWith("tune.")) {
                throw keys.invalid(path, "cannot be searched: it says which job and data this is");
            }
            if (!defaults.hasPathOrNull(key)
                    || !defaults.getIsNull(key) && defaults.getValue(key).valueType() == ConfigValueType.OBJECT) {
                throw keys.invalid(path, "is not a job key" + suggestion(key, defaults));
            }
            if (value.valueType() == ConfigValueType.LIST) {
                List<String> choices = ((com.typesafe.config.ConfigList) value).stream()
                        .map(item -> String.valueOf(item.unwrapped())).toList();
                if (choices.isEmpty()) {
                    throw keys.invalid(path, "must list at least one value");
                }
                dimensions.add(TuneConfig.Dimension.choice(key, choices));
            } else if (range) {
                Config bounds = ((ConfigObject) value).toConfig();
                double min = number(keys, bounds, "min", path);
                double max = number(keys, bounds, "max", path);
                String scale = bounds.hasPath("scale") ? bounds.getString("scale") : "linear";
                if (!scale.equals("log") && !scale.equals("linear")) {
                    throw keys.invalid(path, "scale must be log or linear, got '" + scale + "'");
                }
                if (!(min < max) || scale.equals("log") && !(min > 0)) {
                    throw keys.invalid(path, "needs min < max" + (scale.equals("log") ? " and min > 0 on a log scale" : "")
                            + ", got " + min + " and " + max);
                }
                // Read after every other key: a key the job reads as a whole number samples whole numbers
                // (not a key whose default merely looks whole: dropout's is 0).
                dimensions.add(TuneConfig.Dimension.range(key, min, max, scale.equals("log"),
                        keys.wholeKeys().contains(key)));
            } else {
                throw keys.invalid(path, "must be a list of values or a range {min, max, scale}");
            }
        }
        return dimensions;
    }

    private static double number(Keys keys, Config bounds, String name, String path) {
        try {
            double value = bounds.getDouble(name);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (ConfigException | NumberFormatException e) {
            throw keys.invalid(path, name + " must be a finite number");
        }
    }

    /**
     * Typed, range-checked reads whose errors name the file, line and key.
     *
     * @param wholeKeys the keys read as whole numbers so far: a tune range over one samples whole numbers
     */
    private record Keys(String source, Config c, Set<String> wholeKeys) {
        Keys(String source, Config c) {
            this(source, c, new HashSet<>());
        }

        String string(String key) {
            requirePresent(key);
            String value = c.getString(key).trim();
            if (value.isEmpty()) {
                throw invalid(key, "must not be empty");
            }
            return value;
        }

        List<String> distinctStrings(String key) {
            requirePresent(key);
            List<String> values = c.getStringList(key);
            if (values.isEmpty()) {
                throw invalid(key, "must list at least one column");
            }
            if (new HashSet<>(values).size() != values.size()) {
                throw invalid(key, "lists a column twice: " + values);
            }
            return values;
        }

        int intIn(String key, int min, int max) {
            long value = whole(key);
            if (value < min || value > max) {
                throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return (int) value;
        }

        List<Integer> wholeList(String key) {
            List<Integer> values = new ArrayList<>();
            for (Object raw : c.getList(key).unwrapped()) {
                String text = String.valueOf(raw).trim();
                try {
                    values.add(new java.math.BigDecimal(text).intValueExact());
                } catch (ArithmeticException | NumberFormatException e) {
                    throw invalid(key, "must list whole numbers, got " + text);
                }
            }
            return values;
        }

        /**
         * A whole number: Typesafe Config would truncate 1.5 to 1 (a file's number, or the text of a
         * --set), so a fraction is refused instead.
         */
        long whole(String key) {
            requirePresent(key);
            wholeKeys.add(key);
            Object raw = c.getValue(key).unwrapped();
            String text = String.valueOf(raw).trim();
            try {
                return new java.math.BigDecimal(text).longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(key, "must be a whole number, got " + text);
            } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number, got '" + text + "'");
            }
        }

        /** A fraction strictly between 0 and 1. */
        double fraction(String key) {
            double value = c.getDouble(key);
            if (!(value > 0.0 && value < 1.0)) {
                throw invalid(key, "must be greater than 0 and less than 1, got " + value);
            }
            return value;
        }

        double between(String key, double min, double max) {
            double value = c.getDouble(key);
            if (!(value >= min && value <= max)) {
                throw invalid(key, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        Duration durationIn(String key, Duration min, Duration max) {
            Duration value = c.getDuration(key);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw invalid(key, "must be between " + min.toSeconds() + " s and " + max.toDays() + " days, got "
                        + c.getValue(key).unwrapped());
            }
            return value;
        }

        double positiveAtMost(String key, double max) {
            double value = c.getDouble(key);
            if (!(value > 0.0 && value <= max)) {
                throw invalid(key, "must be greater than 0 and at most " + max + ", got " + value);
            }
            return value;
        }

        String optionalString(String key) {
            return c.getIsNull(key) ? null : string(key);
        }

        String oneOf(String key, String... allowed) {
            String value = string(key).toLowerCase(Locale.ROOT);
            if (!List.of(allowed).contains(value)) {
                throw invalid(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
            }
            return value;
        }

        /** The constant of {@code type} the value names: its name in lower case, with '-' for '_'. */
        <E extends Enum<E>> E choice(String key, Class<E> type) {
            String value = string(key).toLowerCase(Locale.ROOT);
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                String name = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
                if (name.equals(value)) {
                    return constant;
                }
                allowed.add(name);
            }
            throw invalid(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }

        void requirePresent(String key) {
            if (c.getIsNull(key)) {
                throw new InvalidInputException(source + ": missing required key '" + key
                        + "' (set it in the job file or with --set " + key + "=...)");
            }
        }

        InvalidInputException invalid(String key, String problem) {
            return new InvalidInputException(where(c.getValue(key), source) + ": " + key + " " + problem);
        }
    }
}
