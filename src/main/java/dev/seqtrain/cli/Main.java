package dev.seqtrain.cli;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.job.Commands;
import dev.seqtrain.storage.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code seqtrain <command> [options]}, run through spark-submit.
 *
 * <p>Exit codes: 0 success; 1 the run failed (the log says why; nothing was published);
 * 2 the command line, job file or input data is invalid (one line on stderr names the problem).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_INPUT = 2;
    /** nightly: the new run is published, but the gate kept CURRENT on the previous model. */
    public static final int REJECTED_BY_GATE = 3;
    /** nightly: another run of the model holds its lock; try again later. */
    public static final int LOCKED = 4;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String DEFAULT_JOB = "sample-forecast";
    private static final String USAGE = """
            usage: seqtrain <command> [options]

            commands:
              train      train a model, publish a run under <output>/<name>/runs/<run-id>/ and make it CURRENT
              inspect    read and preprocess the job's input without training; a JSON report on stdout
              runs       list the model's runs with their status and key metrics
              promote    point CURRENT at a complete run (--run); also how to roll back
              evaluate   metrics of the CURRENT (or --run) model on the job's input, as JSON on stdout
              predict    write forecasts of the CURRENT (or --run) model for the job's input to --out
              generate   sample text from the CURRENT (or --run) character model
              nightly    retrain on the night's data (--date, default yesterday): warm start from CURRENT,
                         promote only past the gate; once per date unless --force
              compare    train an RNN, a GRU and an LSTM on the adding problem and the job's data; report
                         under <output>/<name>/compare/<id>/ (report.html, compare.json)
              tune       search the job's tune.space with successive halving; trials, report and the
                         winner's job.conf under <output>/<name>/tune/<id>/ (--publish trains the winner)
              help       print this message

            options:
              --job <file|name>   a job file, or the name of an embedded job (default: sample-forecast);
                                  its output and name locate the model
              --set <key>=<value> override one job key; repeatable (e.g. --set input.path=/data/new.csv)
                --run <run-id>      the run to promote, evaluate or predict with (default: CURRENT)
              --resume <run-id>   train: continue a run that stopped, from its last checkpoint
              --out <path>        predict: where to write predictions (local path, hdfs://, s3a://)
              --format <f>        predict: parquet (default) or csv
              --length <n>        generate: characters to sample (default 300)
              --temperature <t>   generate: below 1 sharper, above 1 more varied (default 1.0)
              --seed <n>          generate: the sampling seed (default 42)
              --prime <text>      generate: text to start from (default a new line)
              --date <yyyy-mm-dd> the date ${date} in the job stands for (nightly: the night to train for);
                                  default yesterday, UTC
              --force             nightly: retrain a night that already ran
              --publish           tune: train the winning trial's job in full and publish it

            exit codes: 0 success (nightly: promoted, or the night already ran), 1 the run failed,
                        2 invalid command line, job file or input, 3 nightly: published but the gate kept
                        CURRENT, 4 nightly: another run holds the model's lock (retry later)
            """;
    /** What every command accepts: the job, overrides, and the date ${date} in the job stands for. */
    private static final Set<String> COMMON_OPTIONS = Set.of("--job", "--set", "--date");
    /** The options each command accepts, besides the common ones. */
    private static final Map<String, Set<String>> COMMANDS = Map.ofEntries(
            Map.entry("train", Set.of("--resume")),
            Map.entry("inspect", Set.of()),
            Map.entry("runs", Set.of()),
            Map.entry("promote", Set.of("--run")),
            Map.entry("evaluate", Set.of("--run")),
            Map.entry("predict", Set.of("--run", "--out", "--format")),
            Map.entry("generate", Set.of("--run", "--length", "--temperature", "--seed", "--prime")),
            Map.entry("compare", Set.of()),
            Map.entry("tune", Set.of("--publish")),
            Map.entry("nightly", Set.of("--force")),
            Map.entry("help", Set.of()));
    /** Options without a value. */
    private static final Set<String> FLAGS = Set.of("--force", "--publish");

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        Commands.stopSpark();
        System.exit(code);
    }

    /** Runs one command and returns its exit code; never exits the JVM, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        Commands.Request request;
        try {
            arguments = Arguments.parse(args);
            request = arguments.request();
        } catch (InvalidInputException e) {
            err.println("seqtrain: " + e.getMessage());
            err.print(USAGE);
            return INVALID_INPUT;
        }
        if (arguments.command().equals("help")) {
            out.print(USAGE);
            return OK;
        }
        try {
            JobConfig job = JobConfigLoader.load(arguments.job(), arguments.overrides());
            return Commands.run(request, job, out) == Commands.Outcome.REJECTED_BY_GATE ? REJECTED_BY_GATE : OK;
        } catch (RunLock.HeldException e) {
            err.println("seqtrain: " + e.getMessage());
            return LOCKED;
        } catch (InvalidInputException e) {
            err.println("seqtrain: " + e.getMessage());
            return INVALID_INPUT;
        } catch (Exception | Error e) { // Exception: Spark's checked exceptions arrive undeclared
            String why = e instanceof Commands.StalledException ? e.getMessage() : describe(e);
            LOG.error("{} failed; nothing was published", arguments.command(), e);
            err.println("seqtrain: " + arguments.command() + " failed: " + why);
            return FAILED;
        }
    }

    /** The failure and, when it differs, its root cause: the part a person can act on. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        return root == e || message.contains(String.valueOf(root.getMessage())) ? message : message + ": " + root;
    }

    private static int number(Arguments arguments, String option, int fallback) {
        String text = arguments.option(option, null);
        try {
            int value = text == null ? fallback : Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " must be a whole number of at least 0, got '" + text + "'");
        }
    }

    private static double decimal(Arguments arguments, String option, double fallback) {
        String text = arguments.option(option, null);
        try {
            double value = text == null ? fallback : Double.parseDouble(text);
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " must be a number above 0, got '" + text + "'");
        }
    }

    record Arguments(String command, String job, List<String> overrides, String run, String out, String format,
                     String resume, Map<String, String> options) {
        String option(String name, String fallback) {
            return options.getOrDefault(name, fallback);
        }

        /** What the command needs from the options, checked before any work. */
        Commands.Request request() {
            return new Commands.Request(command, run, out, format, resume, options.containsKey("--force"),
                    options.containsKey("--publish"),
                    option("--prime", "\n"), number(this, "--length", 300), decimal(this, "--temperature", 1.0),
                    number(this, "--seed", 42));
        }

        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new InvalidInputException("missing command");
            }
            String command = args[0];
            Set<String> allowed = COMMANDS.get(command);
            if (allowed == null) {
                throw new InvalidInputException("unknown command '" + command + "'");
            }
            String job = DEFAULT_JOB;
            String run = null;
            String out = null;
            String format = "parquet";
            String resume = null;
            Map<String, String> options = new java.util.HashMap<>();
            List<String> overrides = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (!COMMON_OPTIONS.contains(option) && !allowed.contains(option)) {
                    throw new InvalidInputException("unknown option '" + option + "' for " + command);
                }
                if (FLAGS.contains(option)) {
                    options.put(option, "true");
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new InvalidInputException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--job" -> job = value;
                    case "--set" -> overrides.add(value);
                    case "--date" -> overrides.add("date=" + value);
                    case "--run" -> run = value;
                    case "--out" -> out = value;
                    case "--resume" -> resume = value;
                    case "--format" -> format = value;
                    default -> options.put(option, value);
                }
            }
            if (command.equals("promote") && run == null) {
                throw new InvalidInputException("promote needs --run <run-id>");
            }
            if (command.equals("predict") && out == null) {
                throw new InvalidInputException("predict needs --out <path>");
            }
            if (!format.equals("parquet") && !format.equals("csv")) {
                throw new InvalidInputException("--format must be parquet or csv, got '" + format + "'");
            }
            return new Arguments(command, job, List.copyOf(overrides), run, out, format, resume, Map.copyOf(options));
        }
    }
}
