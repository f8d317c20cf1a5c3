package dev.seqtrain.job;

import dev.seqtrain.config.JobConfig;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.model.OffHeapEstimate;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.report.EpochProgress;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.TaskMetrics;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.EarlyStopping;
import dev.seqtrain.train.ParameterAveragingTrainer;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The epochs of a run, for every task: a fresh network or the one a checkpoint holds, a checkpoint
 * after every epoch, early stopping, and the network to publish (the best epoch's, by default).
 */
final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private TrainingLoop() {
    }

    /** What training produced: every epoch (across a resume), the one published, and its network. */
    record Outcome(List<EpochResult> epochs, EpochResult chosen, MultiLayerNetwork network, boolean stoppedEarly) {
    }

    /**
     * @param fresh      builds the untrained network of a new run
     * @param resumeFrom the checkpoint to continue from, or null for a new run
     */
    static Outcome run(RunFolder folder, JobConfig job, ParameterAveragingTrainer trainer,
                       Supplier<MultiLayerNetwork> fresh, Checkpoints.State resumeFrom, TaskData data) {
        TrainingConfig config = job.training();
        ModelConfig model = job.model();
        String resolvedJob = job.resolved();
        int[] shape = data.exampleShape();
        MultiLayerNetwork network;
        List<EpochResult> history = new ArrayList<>();
        EarlyStopping early;
        if (resumeFrom == null) {
            network = fresh.get();
            early = new EarlyStopping(config.patience(), config.minDelta());
            Checkpoints.start(folder, resolvedJob);
        } else {
            network = Checkpoints.model(folder, Checkpoints.epochFile(resumeFrom.epoch()));
            history.addAll(resumeFrom.epochs());
            early = new EarlyStopping(config.patience(), config.minDelta(), resumeFrom.bestEpoch(),
                    resumeFrom.bestScore(), resumeFrom.epoch());
        }
        LOG.info("training with parameter averaging: {} workers, {} per worker batch, averaging every {} batches",
                trainer.workers(), config.batchSizePerWorker(), config.averagingFrequency());
        LOG.info(OffHeapEstimate.of(network.numParams(), model.updater().stateSlots(), config.batchSizePerWorker(),
                        shape[0], model.layers() * OffHeapEstimate.activationsPerStep(model.cell(), model.hiddenSize(),
                                model.bidirectional()), shape[1])
                .describe(Pointer.maxBytes(), trainer.tasksPerExecutor()));
        boolean[] stoppedEarly = {false};
        ParameterAveragingTrainer.Trained trained = trainer.fit(network, data.train(), data.validation(),
                data.evaluator(), history.size() + 1, (result, current) -> {
                    history.add(result);
                    LOG.info(EpochProgress.line(result, config.epochs(), history, data.units()));
                    boolean best = early.update(result.epoch(), result.objective());
                    Checkpoints.write(folder, current, best, new Checkpoints.State(result.epoch(),
                            early.bestEpoch(), early.best(), List.copyOf(history)));
                    if (early.shouldStop() && result.epoch() < config.epochs()) {
                        LOG.info("stopping early after epoch {}: no better validation score for {} epochs (best at "
                                + "epoch {})", result.epoch(), config.patience(), early.bestEpoch());
                        stoppedEarly[0] = true;
                        return false;
                    }
                    return true;
                });
        MultiLayerNetwork published = config.keepBest() ? Checkpoints.model(folder, Checkpoints.BEST) : trained.network();
        EpochResult chosen = history.get((config.keepBest() ? early.bestEpoch() : history.size()) - 1);
        return new Outcome(List.copyOf(history), chosen, published, stoppedEarly[0]);
    }

    /** Publishes a run: the model, then the other artifacts in order, then the manifest; CURRENT moves if {@code promote}. */
    static void publish(RunFolder folder, ModelStore store, byte[] model, Map<String, String> artifacts,
                        boolean promote) {
        folder.write(PublishedModel.MODEL, out -> out.write(model));
        commit(folder, store, artifacts, promote);
    }

    private static void commit(RunFolder folder, ModelStore store, Map<String, String> artifacts, boolean promote) {
        artifacts.forEach(folder::writeText);
        folder.commit();
        if (promote) {
            store.promote(folder.runId());
        }
    }

    /** The model as {@code model.zip} holds it, updater state included (for warm starts). */
    static byte[] modelBytes(MultiLayerNetwork model) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(model, out, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The network's layers as a person reads them: type, inputs → outputs, parameters. */
    static List<TaskMetrics.Layer> layers(MultiLayerNetwork network) {
        List<TaskMetrics.Layer> layers = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String type = conf.getClass().getSimpleName();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer wrapper) {
                type = type + "(" + wrapper.getUnderlying().getClass().getSimpleName() + ")";
            } else if (conf instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional bidirectional) {
                type = type + "(" + bidirectional.getFwd().getClass().getSimpleName() + ")";
            }
            layers.add(new TaskMetrics.Layer(type, layer.numParams()));
        }
        return layers;
    }

    /** The metrics' model section: configuration, parameter count and layers. */
    static TaskMetrics.Model modelSummary(ModelConfig model, MultiLayerNetwork network) {
        return new TaskMetrics.Model(model.cell().key(), model.layers(), model.hiddenSize(), model.bidirectional(),
                model.updater().key(), network.numParams(), layers(network));
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A failed run keeps its checkpoints for {@code --resume} once it has one; otherwise it goes. */
    static void failed(RunFolder folder, Throwable error) {
        if (Checkpoints.state(folder) != null) {
            folder.fail(error.toString());
            LOG.error("run {} failed after a checkpoint; continue it with: train --resume {}", folder.runId(),
                    folder.runId());
        } else {
            folder.discard();
        }
    }
}
