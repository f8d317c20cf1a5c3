package dev.seqtrain.cli;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.job.ForecastJob;
import dev.seqtrain.job.SparkSessions;
import dev.seqtrain.storage.RunIds;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String DEFAULT_JOB = "sample-forecast";
    private static final String USAGE = """
            usage: seqtrain <command> [options]

            commands:
              train    train a model and publish a run under <output>/<name>/runs/<run-id>/
              help     print this message

            options:
              --job <file|name>   a job file, or the name of an embedded job (default: sample-forecast)
              --set <key>=<value> override one job key; repeatable (e.g. --set training.epochs=2)

            exit codes: 0 success, 1 the run failed, 2 invalid command line, job file or input
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.err);
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs one command and returns its exit code; never exits the JVM, so tests can call it. */
    public static int run(String[] args, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (InvalidInputException e) {
            err.println("seqtrain: " + e.getMessage());
            err.print(USAGE);
            return INVALID_INPUT;
        }
        if (arguments.command().equals("help")) {
            err.print(USAGE);
            return OK;
        }
        try {
            JobConfig job = JobConfigLoader.load(arguments.job(), arguments.overrides());
            SparkSession spark = SparkSessions.getOrCreate("seqtrain " + job.name());
            ForecastJob.run(spark, job, RunIds.next(Clock.systemUTC()));
            return OK;
        } catch (InvalidInputException e) {
            err.println("seqtrain: " + e.getMessage());
            return INVALID_INPUT;
        } catch (RuntimeException | Error e) {
            LOG.error("run failed; nothing was published", e);
            err.println("seqtrain: run failed: " + e);
            return FAILED;
        }
    }

    record Arguments(String command, String job, List<String> overrides) {
        static Arguments parse(String[] args) {
            if (args.length == 0) {
                throw new InvalidInputException("missing command");
            }
            String command = args[0];
            if (!command.equals("train") && !command.equals("help")) {
                throw new InvalidInputException("unknown command '" + command + "'");
            }
            String job = DEFAULT_JOB;
            List<String> overrides = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String option = args[i];
                if (!option.equals("--job") && !option.equals("--set")) {
                    throw new InvalidInputException("unknown option '" + option + "'");
                }
                if (i + 1 >= args.length) {
                    throw new InvalidInputException(option + " needs a value");
                }
                String value = args[++i];
                if (option.equals("--job")) {
                    job = value;
                } else {
                    overrides.add(value);
                }
            }
            return new Arguments(command, job, List.copyOf(overrides));
        }
    }
}
