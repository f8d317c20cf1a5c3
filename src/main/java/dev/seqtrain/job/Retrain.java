package dev.seqtrain.job;

import dev.seqtrain.report.GateDecision;
import dev.seqtrain.storage.PublishedRun;

import java.util.function.Function;

/**
 * What a nightly run changes in {@code train}: the published model it continues from (null: a new one), and the
 * gate that decides, from the run as it would be published, whether CURRENT moves to it.
 */
record Retrain(PublishedModel warmFrom, Function<PublishedRun, GateDecision> gate) {
}
