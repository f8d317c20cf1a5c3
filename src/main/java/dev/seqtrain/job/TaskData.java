package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.report.RunReport;
import dev.seqtrain.report.Score;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.Shards;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Map;

/** A task's examples for one run, prepared, and everything that follows from them. */
interface TaskData {
    Shards train();

    Shards validation();

    /** The log line after reading: how much data, how it was cut. */
    String summary();

    /** A new network for these examples. */
    MultiLayerNetwork newNetwork();

    /** Why a published model cannot continue training on these examples (other labels), or null when it can. */
    default String warmStartMismatch(PublishedModel model) {
        return null;
    }

    /** Scores the validation examples each epoch. */
    Evaluator evaluator();

    /** What validation errors are in, for the epoch's log line (forecasts: the target columns). */
    default String units() {
        return "";
    }

    /** A training example's longest steps and its inputs per step, for the memory estimate. */
    int[] exampleShape();

    /** What the model needs to be used on new data (normaliser, vocabulary, labels), by file name, in order. */
    Map<String, String> artifacts();

    /** What only this task can show in the run's report (forecasts against actuals, sample text), or null. */
    default RunReport.Picture picture(MultiLayerNetwork network) {
        return null;
    }

    /** The same examples for a job that differs in its model and training settings only: a tune trial. */
    TaskData forJob(JobConfig job);

    /** Each baseline's score on the validation examples. */
    Map<String, Score> baselineScores();

    /** About how much memory the examples take, what a parallel tune copies to each worker. */
    default long bytes() {
        int[] shape = exampleShape();
        return (train().examples() + validation().examples()) * shape[0] * (shape[1] + 1L) * Float.BYTES;
    }

    /** The run's metrics from what training produced. */
    TaskMetrics metrics(TaskRunner.Trained trained);

    void release();
}
