package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.JobConfigLoader;
import dev.seqtrain.config.TuneConfig;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TuneReport;
import dev.seqtrain.storage.AtomicFiles;
import dev.seqtrain.storage.Json;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunIds;
import dev.seqtrain.train.ParallelTrials;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.SuccessiveHalving;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code tune}: samples the job's {@code tune.space}, trains every trial for the first rung's epochs,
 * and lets the best {@code 1/eta} of each rung go on to the next (successive halving), judged by the
 * task's own validation metric. Trials that share their data preparation share its examples: in
 * parallel mode each trial trains on one worker core from a broadcast copy (small models train fastest
 * this way); in averaging mode trials run one after another, each parameter-averaged over every worker.
 * Writes {@code <output>/<name>/tune/<id>/} ({@code trials.json}, {@code report.html}, the winner's
 * {@code job.conf}); with {@code --publish} trains the winner in full and publishes it like {@code train}.
 */
public final class TuneJob {
    private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);

    private TuneJob() {
    }

    /** A trial's state across rungs. */
    private static final class Trial {
        final int id;
        final Map<String, String> values;
        final JobConfig job;
        final List<Double> trainLoss = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();
        byte[] model;
        String status = "finished";
        String error;

        Trial(int id, Map<String, String> values, JobConfig job) {
            this.id = id;
            this.values = values;
            this.job = job;
        }

        /** The best score so far as a loss (lower is better), NaN when failed or untrained. */
        double objective(Score kind) {
            return error != null || scores.isEmpty() ? Double.NaN
                    : scores.stream().mapToDouble(value -> kind.of(value).loss()).min().orElse(Double.NaN);
        }

        Double best(Score kind) {
            double objective = objective(kind);
            return Double.isNaN(objective) ? null : kind.higherIsBetter() ? -objective : objective;
        }
    }

    public static Path run(SparkSession spark, JobConfig job, String tuneId, boolean publish) {
        long start = System.nanoTime();
        TuneConfig tune = job.tune();
        if (tune.space().isEmpty()) {
            throw new InvalidInputException("tune.space is empty: list the keys to search, e.g. \"model.hidden-size\" "
                    + "= [16, 32, 64] (README, Tuning)");
        }
        ModelStore store = ModelStore.open(job.output(), job.name(), spark.sparkContext().hadoopConfiguration())
                .requireWritable();
        List<Trial> trials = trials(job, tune);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int workers = new ParameterAveragingTrainer(sc, job.training()).workers();
        Map<String, TaskData> prepared = new LinkedHashMap<>();
        // Parallel mode's copies of each group's examples, broadcast once for all its rungs.
        Map<String, Broadcast<ParallelTrials.Examples>> broadcast = new HashMap<>();
        TuneResult result;
        Map<String, List<Trial>> byData = trials.stream().collect(Collectors.groupingBy(t -> dataKey(t.job),
                LinkedHashMap::new, Collectors.toList()));
        Score metric = null;
        String mode = null;
        try {
            List<Trial> alive = new ArrayList<>(trials);
            int trained = 0;
            for (int rung = 0; rung < tune.rungs().size() && !alive.isEmpty(); rung++) {
                if (rung > 0 && !tune.maxTime().isZero() && TrainingLoop.secondsSince(start) > tune.maxTime().toSeconds()) {
                    LOG.warn("tune.max-time reached: no rung after rung {}", rung);
                    break;
                }
                int epochs = tune.rungs().get(rung);
                for (Map.Entry<String, List<Trial>> group : byData.entrySet()) {
                    List<Trial> here = group.getValue().stream().filter(alive::contains).toList();
                    if (here.isEmpty()) {
                        continue;
                    }
                    TaskData data = prepare(spark, here.get(0).job, group.getKey(), prepared, here);
                    if (data == null) {
                        continue; // the preparation failed: its trials are marked failed
                    }
                    boolean parallel = tune.mode() == TuneConfig.Mode.PARALLEL || tune.mode() == TuneConfig.Mode.AUTO
                            && data.bytes() <= (long) tune.parallelMaxMb() << 20;
                    mode = parallel ? "parallel" : "averaging";
                    Supplier<Broadcast<ParallelTrials.Examples>> examples = () -> broadcast.computeIfAbsent(
                            group.getKey(), key -> sc.broadcast(ParallelTrials.Examples.of(data.train(), data.validation())));
                    metric = train(sc, data, examples, here, trained, epochs, parallel, workers);
                }
                alive = alive.stream().filter(t -> t.error == null).toList();
                for (Trial trial : alive) {
                    LOG.info(String.format(Locale.ROOT, "tune rung %d (%d epochs): trial %d %s: %s", rung + 1, epochs,
                            trial.id, trial.values, trial.scores.isEmpty() ? "-" : metric.of(trial.scores.get(
                                    trial.scores.size() - 1))));
                }
                if (rung + 1 < tune.rungs().size() && metric != null) {
                    Score kind = metric;
                    List<Trial> ranked = alive;
                    List<Integer> onward = SuccessiveHalving.promote(ranked.stream().map(t -> t.objective(kind))
                            .toList(), tune.eta());
                    List<Trial> next = onward.stream().map(ranked::get).toList();
                    for (Trial trial : ranked) {
                        if (!next.contains(trial)) {
                            trial.status = "stopped after rung " + (rung + 1);
                        }
                    }
                    alive = next;
                }
                trained = epochs;
            }
            result = finish(spark, job, tuneId, store, trials, prepared, metric, mode, start);
        } finally {
            broadcast.values().forEach(Broadcast::destroy);
            prepared.values().forEach(data -> {
                if (data != null) {
                    data.release();
                }
            });
        }
        if (publish) {
            // After the trials' examples are released: the winner trains in full, as train does.
            Training.run(spark, result.winner(), RunIds.next(Clock.systemUTC()));
        }
        return result.folder();
    }

    /** Where the tune wrote its trials and report, and the winning trial's job. */
    private record TuneResult(Path folder, JobConfig winner) {
    }

    /** The sampled trials, each a job validated like any other before any work: a bad value is exit 2. */
    private static List<Trial> trials(JobConfig job, TuneConfig tune) {
        List<Trial> trials = new ArrayList<>();
        List<Map<String, String>> points = tune.sample(tune.trials(), job.training().seed());
        for (int i = 0; i < points.size(); i++) {
            Map<String, String> values = points.get(i);
            List<String> overrides = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            try {
                trials.add(new Trial(i + 1, values, JobConfigLoader.override(job, overrides)));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("tune.space: trial " + (i + 1) + " " + values + ": " + e.getMessage(), e);
            }
        }
        return trials;
    }

    /** What the examples depend on: trials equal here share one preparation. */
    private static String dataKey(JobConfig job) {
        return String.join("|", job.input().toString(), job.window().toString(), job.split().toString(),
                job.preprocessing().toString(), job.padding().toString(), String.valueOf(job.training().seed()),
                String.valueOf(job.training().workers()), job.training().storageLevel());
    }

    /** The group's examples, prepared once; null (and the trials failed) when the data does not fit the job. */
    private static TaskData prepare(SparkSession spark, JobConfig job, String key, Map<String, TaskData> prepared,
                                    List<Trial> trials) {
        if (!prepared.containsKey(key)) {
            try {
                ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()), job.training());
                prepared.put(key, Task.of(job).prepare(spark, job, trainer, null));
            } catch (InvalidInputException e) {
                LOG.warn("tune: trials {} cannot run: {}", trials.stream().map(t -> t.id).toList(), e.getMessage());
                prepared.put(key, null);
            }
        }
        TaskData data = prepared.get(key);
        if (data == null) {
            trials.forEach(t -> {
                t.status = "failed";
                t.error = "its data preparation failed (see the log): the job's window or split does not fit the input";
            });
        }
        return data;
    }

    /** Trains the trials from {@code from} to {@code to} epochs; returns the task's metric. */
    private static Score train(JavaSparkContext sc, TaskData data, Supplier<Broadcast<ParallelTrials.Examples>> examples,
                               List<Trial> trials, int from, int to, boolean parallel, int workers) {
        if (parallel) {
            List<ParallelTrials.Spec> specs = new ArrayList<>();
            for (Trial trial : trials) {
                TaskData own = data.forJob(trial.job);
                String network = trial.model == null ? own.newNetwork().getLayerWiseConfigurations().toJson() : null;
                specs.add(new ParallelTrials.Spec(trial.id, network, trial.model, own.evaluator(), from, to,
                        trial.job.training().batchSizePerWorker(), trial.job.training().seed()));
            }
            List<ParallelTrials.Outcome> outcomes = ParallelTrials.run(sc, examples.get(), specs, workers,
                    trials.get(0).job.training().stallTimeout());
            for (int i = 0; i < trials.size(); i++) {
                record(trials.get(i), outcomes.get(i));
            }
        } else {
            for (Trial trial : trials) {
                averaging(sc, data.forJob(trial.job), trial, from, to);
            }
        }
        return data.evaluator().score(Double.NaN);
    }

    private static void record(Trial trial, ParallelTrials.Outcome outcome) {
        if (outcome.failed()) {
            trial.status = "failed";
            trial.error = outcome.error;
            LOG.warn("tune trial {} failed: {}", trial.id, outcome.error);
            return;
        }
        for (int e = 0; e < outcome.scores.length; e++) {
            trial.trainLoss.add(outcome.trainLoss[e]);
            trial.scores.add(outcome.scores[e]);
        }
        trial.model = outcome.model;
    }

    /** One trial parameter-averaged over every worker, continuing from the rung before. */
    private static void averaging(JavaSparkContext sc, TaskData data, Trial trial, int from, int to) {
        JobConfig rung = JobConfigLoader.override(trial.job, List.of("training.epochs=" + to));
        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(sc, rung.training());
        MultiLayerNetwork network = trial.model == null ? data.newNetwork()
                : PublishedModel.network(trial.model, true);
        try {
            trainer.fit(network, data.train(), data.validation(), data.evaluator(), from + 1, (result, current) -> {
                trial.trainLoss.add(result.trainLoss());
                trial.scores.add(result.score().value());
                return true;
            });
            trial.model = TrainingLoop.modelBytes(network);
        } catch (Exception e) { // a diverged trial, or a lost executor past Spark's retries (undeclared)
            trial.status = "failed";
            trial.error = e.getMessage();
            LOG.warn("tune trial {} failed: {}", trial.id, e.getMessage());
        }
    }

    private static TuneResult finish(SparkSession spark, JobConfig job, String tuneId, ModelStore store,
                                     List<Trial> trials, Map<String, TaskData> prepared, Score metric, String mode,
                                     long start) {
        Score kind = metric != null ? metric : Score.rmse(Double.NaN);
        Trial winner = trials.stream().filter(t -> !Double.isNaN(t.objective(kind)))
                .min((a, b) -> Double.compare(a.objective(kind), b.objective(kind))).orElse(null);
        Map<String, Double> baselines = new LinkedHashMap<>();
        if (winner != null) {
            TaskData data = prepared.get(dataKey(winner.job));
            data.baselineScores().forEach((name, score) -> baselines.put(name, score.value()));
        }
        List<TuneReport.Trial> rows = trials.stream().map(t -> new TuneReport.Trial(t.id, t.values, t.status, t.error,
                t.trainLoss.stream().mapToDouble(Double::doubleValue).toArray(),
                t.scores.stream().mapToDouble(Double::doubleValue).toArray(), t.best(kind))).toList();
        TuneReport report = new TuneReport(job.name(), tuneId, kind.metric(), kind.higherIsBetter(),
                mode == null ? "-" : mode, rows, winner == null ? null : winner.id, baselines,
                TrainingLoop.secondsSince(start));
        Path folder = new Path(new Path(store.root(), "tune"), tuneId);
        try {
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.mkdirs(folder);
            AtomicFiles.replace(fs, new Path(folder, TuneReport.JSON), out -> out.write(Json.write(report)
                    .getBytes(StandardCharsets.UTF_8)));
            if (winner != null) {
                AtomicFiles.replace(fs, new Path(folder, PublishedModel.JOB), out -> out.write(winner.job.resolved()
                        .getBytes(StandardCharsets.UTF_8)));
            }
            AtomicFiles.replace(fs, new Path(folder, TuneReport.HTML), out -> out.write(report.html()
                    .getBytes(StandardCharsets.UTF_8)));
            folder = fs.makeQualified(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tune report to " + folder, e);
        }
        if (winner == null) {
            throw new IllegalStateException("every tune trial failed; see " + folder + "/" + TuneReport.JSON);
        }
        LOG.info(String.format(Locale.ROOT, "tune %s: the best of %d trials is trial %d %s, validation %s (baselines "
                        + "%s); its job is %s/%s", tuneId, trials.size(), winner.id, winner.values,
                kind.of(winner.best(kind)), baselines, folder, PublishedModel.JOB));
        return new TuneResult(folder, winner.job);
    }
}
