package dev.seqtrain.train;

import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Spark glue: tune trials in parallel, each a one-task Spark job that trains on one worker core from a
 * broadcast copy of the examples ({@link LocalTraining}). Jobs run as many at once as there are
 * workers; a trial whose task fails (after Spark's own retries, e.g. its executor was lost), diverges,
 * or finishes no epoch within the stall timeout comes back failed, and the others go on. Plain classes,
 * not records: Spark's Kryo cannot serialise records.
 */
public final class ParallelTrials {
    private ParallelTrials() {
    }

    /** The examples every trial of one data preparation trains and is scored on. */
    public static final class Examples implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<ExampleShard> train;
        final List<ExampleShard> validation;

        private Examples(List<ExampleShard> train, List<ExampleShard> validation) {
            this.train = train;
            this.validation = validation;
        }

        /** The shards, collected to the driver to be broadcast. */
        public static Examples of(Shards train, Shards validation) {
            return new Examples(new ArrayList<>(train.rdd().collect()), new ArrayList<>(validation.rdd().collect()));
        }
    }

    /**
     * One trial's next rung.
     *
     * @param model    the network as the last rung left it (with its updater), or null for a new one
     * @param network  the configuration of a new network, as JSON
     */
    public static final class Spec implements Serializable {
        private static final long serialVersionUID = 1L;
        final int id;
        final String network;
        final byte[] model;
        final Evaluator evaluator;
        final int fromEpoch;
        final int toEpoch;
        final int batch;
        final long seed;

        public Spec(int id, String network, byte[] model, Evaluator evaluator, int fromEpoch, int toEpoch, int batch,
                    long seed) {
            this.id = id;
            this.network = network;
            this.model = model;
            this.evaluator = evaluator;
            this.fromEpoch = fromEpoch;
            this.toEpoch = toEpoch;
            this.batch = batch;
            this.seed = seed;
        }
    }

    /** What a trial's rung achieved: per epoch, or why it failed. */
    public static final class Outcome implements Serializable {
        private static final long serialVersionUID = 1L;
        public final int id;
        public final double[] trainLoss;
        public final double[] scores;
        public final byte[] model;
        public final String error;

        Outcome(int id, double[] trainLoss, double[] scores, byte[] model, String error) {
            this.id = id;
            this.trainLoss = trainLoss;
            this.scores = scores;
            this.model = model;
            this.error = error;
        }

        public boolean failed() {
            return error != null;
        }
    }

    /**
     * Runs every spec, {@code concurrency} trials at once; the outcomes in the specs' order.
     *
     * @param stallTimeout how long a trial may take per epoch before it is cancelled: its one task runs the
     *                     whole rung, so the stall watchdog, which waits for tasks to finish, leaves it alone
     */
    public static List<Outcome> run(JavaSparkContext sc, Broadcast<Examples> examples, List<Spec> specs,
                                    int concurrency, Duration stallTimeout) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency), runnable -> {
            Thread thread = new Thread(runnable, "seqtrain-tune-trial");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Spec spec : specs) {
                running.add(pool.submit(() -> runOne(sc, examples, spec, stallTimeout)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                try {
                    outcomes.add(running.get(i).get());
                } catch (Exception e) { // the job failed: Spark already retried its task
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    outcomes.add(new Outcome(specs.get(i).id, new double[0], new double[0], null,
                            "its Spark job failed: " + cause.getMessage()));
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome runOne(JavaSparkContext sc, Broadcast<Examples> examples, Spec spec, Duration stallTimeout)
            throws Exception {
        String rung = "tune trial " + spec.id + ", epochs " + (spec.fromEpoch + 1) + "-" + spec.toEpoch;
        sc.setLocalProperty("callSite.short", rung);
        sc.setJobGroup(StallWatchdog.LONG_TASKS, rung, true);
        // The spec travels in the closure (Java serialisation: its evaluator is a lambda's class), not as RDD data.
        JavaFutureAction<List<Outcome>> job = sc.parallelize(List.of(spec.id), 1)
                .map(id -> train(spec, examples.value())).collectAsync();
        Duration limit = stallTimeout.multipliedBy(spec.toEpoch - spec.fromEpoch);
        try {
            return job.get(limit.toMillis(), TimeUnit.MILLISECONDS).get(0);
        } catch (TimeoutException e) {
            job.cancel(true);
            return new Outcome(spec.id, new double[0], new double[0], null, "finished no epoch in "
                    + stallTimeout.toSeconds() + " s; cancelled (training.stall-timeout)");
        }
    }

    /** On the worker: the trial's rung, or why it failed (a diverged trial is a result, not a task to retry). */
    private static Outcome train(Spec spec, Examples examples) {
        try {
            MultiLayerNetwork network;
            if (spec.model == null) {
                network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(spec.network));
                network.init();
            } else {
                network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(spec.model), true);
            }
            List<LocalTraining.Epoch> epochs = LocalTraining.fit(network, examples.train, examples.validation,
                    spec.evaluator, spec.fromEpoch, spec.toEpoch, spec.batch, spec.seed);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, bytes, true);
            return new Outcome(spec.id, epochs.stream().mapToDouble(LocalTraining.Epoch::trainLoss).toArray(),
                    epochs.stream().mapToDouble(LocalTraining.Epoch::score).toArray(), bytes.toByteArray(), null);
        } catch (TrainingDivergedException e) {
            return new Outcome(spec.id, new double[0], new double[0], null, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
