package dev.seqtrain.job;

import dev.seqtrain.report.GateDecision;
import dev.seqtrain.storage.PublishedRun;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.function.Function;

/**
 * What a nightly run changes in {@code train}: the network it starts from (null: a new one), and the
 * gate that decides, from the run as it would be published, whether CURRENT moves to it.
 */
record Retrain(MultiLayerNetwork warmStart, Function<PublishedRun, GateDecision> gate) {
}
