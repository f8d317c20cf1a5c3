package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunIds;
import dev.seqtrain.train.StallWatchdog;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * The commands that need Spark, behind one door: the command line parses and validates, then hands a
 * request here. Every command runs under a stall watchdog, so no Spark wait is unbounded.
 */
public final class Commands {
    private Commands() {
    }

    /**
     * A parsed command line.
     *
     * @param run the run to promote, evaluate, predict or generate with; null for CURRENT
     */
    public record Request(String command, String run, String out, String format, String resume, boolean force,
                          boolean publish, String prime, int length, double temperature, long seed) {
    }

    /** How a command ended, when it did not throw: the exit code says which. */
    public enum Outcome { DONE, REJECTED_BY_GATE }

    /** A run cancelled because a stage stopped making progress. */
    public static final class StalledException extends RuntimeException {
        StalledException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Outcome run(Request request, JobConfig job, PrintStream out) {
        SparkSession spark = SparkSessions.getOrCreate("seqtrain " + request.command() + " " + job.name());
        StallWatchdog watchdog = StallWatchdog.start(spark.sparkContext(), job.training().stallTimeout());
        try {
            return execute(request, job, spark, out);
        } catch (Exception | Error e) { // Exception: Spark's checked exceptions arrive undeclared
            if (watchdog.stalled().isPresent()) {
                throw new StalledException(watchdog.stalled().get() + "; cancelled (training.stall-timeout)", e);
            }
            throw e;
        } finally {
            watchdog.close();
        }
    }

    private static Outcome execute(Request request, JobConfig job, SparkSession spark, PrintStream out) {
        switch (request.command()) {
            case "inspect" -> out.print(Json.write(InspectJob.run(spark, job)));
            case "nightly" -> {
                NightlyJob.Outcome outcome = NightlyJob.run(spark, job, request.force(), Clock.systemUTC());
                out.println(outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                return outcome == NightlyJob.Outcome.REJECTED ? Outcome.REJECTED_BY_GATE : Outcome.DONE;
            }
            case "train" -> {
                if (request.resume() != null) {
                    Training.resume(spark, job, request.resume());
                } else {
                    Training.run(spark, job, RunIds.next(Clock.systemUTC()));
                }
            }
            case "compare" -> out.println(CompareJob.run(spark, job, RunIds.next(Clock.systemUTC())));
            case "tune" -> out.println(TuneJob.run(spark, job, RunIds.next(Clock.systemUTC()), request.publish()));
            default -> published(request, job, spark, out);
        }
        return Outcome.DONE;
    }

    /** The commands that read the model store: list, promote, and use a published model. */
    private static void published(Request request, JobConfig job, SparkSession spark, PrintStream out) {
        ModelStore store = ModelStore.open(job.output(), job.name(), spark.sparkContext().hadoopConfiguration());
        switch (request.command()) {
            case "runs" -> out.print(RunsTable.format(store));
            case "promote" -> {
                store.promote(request.run());
                out.println("CURRENT of " + job.name() + " is now run " + request.run());
            }
            case "evaluate" -> out.print(Json.write(ScoringJob.evaluate(spark, model(store, request),
                    job.input().path())));
            case "predict" -> ScoringJob.predict(spark, model(store, request), job.input().path(), request.out(),
                    request.format());
            case "generate" -> out.println(TextGenerator.generate(model(store, request), request.prime(),
                    request.length(), request.temperature(), request.seed()));
            default -> throw new InvalidInputException("unknown command '" + request.command() + "'");
        }
    }

    private static PublishedModel model(ModelStore store, Request request) {
        return PublishedModel.of(request.run() == null ? store.loadCurrent() : store.load(request.run()));
    }

    /** Stops the session a command made, if any: the launcher's JVM exits after. */
    public static void stopSpark() {
        SparkSession.getDefaultSession().foreach(session -> {
            session.stop();
            return null;
        });
    }
}
