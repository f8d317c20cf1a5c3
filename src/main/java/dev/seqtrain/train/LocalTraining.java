package dev.seqtrain.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training on one core over shards held in memory: a tune trial on one worker, on that worker's copy
 * of the examples. Each epoch visits every shard's minibatches (drawn as the averaging loop draws them)
 * in one shuffled order, then scores the validation shards.
 */
public final class LocalTraining {
    private LocalTraining() {
    }

    /** One epoch's training loss and validation score (the task's metric). */
    public record Epoch(double trainLoss, double score) {
    }

    /** Fits epochs {@code from + 1 .. to}; a loss or output that is not finite stops it. */
    public static List<Epoch> fit(MultiLayerNetwork network, List<ExampleShard> train, List<ExampleShard> validation,
                                  Evaluator evaluator, int from, int to, int batch, long seed) {
        List<Epoch> epochs = new ArrayList<>();
        for (int epoch = from + 1; epoch <= to; epoch++) {
            List<int[]> order = new ArrayList<>(); // {shard, minibatch index}
            List<List<int[]>> minibatches = new ArrayList<>();
            for (int s = 0; s < train.size(); s++) {
                List<int[]> ofShard = train.get(s).minibatches(batch, ParameterAveragingTrainer.shardSeed(seed, epoch, s));
                minibatches.add(ofShard);
                for (int m = 0; m < ofShard.size(); m++) {
                    order.add(new int[]{s, m});
                }
            }
            Collections.shuffle(order, new Random(ParameterAveragingTrainer.shardSeed(seed, epoch, -1)));
            double lossSum = 0;
            long examples = 0;
            for (int[] pick : order) {
                DataSet minibatch = train.get(pick[0]).minibatch(minibatches.get(pick[0]).get(pick[1]));
                network.fit(minibatch);
                lossSum += network.score() * minibatch.numExamples();
                examples += minibatch.numExamples();
            }
            double trainLoss = lossSum / Math.max(1, examples);
            ParameterAveragingTrainer.Scores scores = evaluate(network, validation, evaluator, trainLoss);
            if (scores.diverged()) {
                throw new TrainingDivergedException("training diverged in epoch " + epoch + ": training loss "
                        + trainLoss + ", " + scores.score());
            }
            epochs.add(new Epoch(trainLoss, scores.score().value()));
        }
        return epochs;
    }

    static ParameterAveragingTrainer.Scores evaluate(MultiLayerNetwork network, List<ExampleShard> shards,
                                                     Evaluator evaluator, double trainLoss) {
        double[] sums = new double[evaluator.width()];
        shards.forEach(shard -> evaluator.addShard(sums, network, shard));
        return evaluator.scores(sums, trainLoss);
    }
}
