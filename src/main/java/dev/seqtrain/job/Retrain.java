package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.report.GateDecision;
import dev.seqtrain.storage.PublishedRun;


/**
 * What a nightly run changes in {@code train}: the published model it continues from (null: a new one), the
 * job to train instead when that model turns out not to fit the night's examples (a classifier's labels
 * changed: a cold start, for the job's own epochs), and the gate that decides, from the run as it would be
 * published and whether it was warm-started, whether CURRENT moves to it.
 */
record Retrain(PublishedModel warmFrom, JobConfig coldStart, Gate gate) {
    interface Gate {
        GateDecision decide(PublishedRun candidate, boolean warmStart);
    }
}
