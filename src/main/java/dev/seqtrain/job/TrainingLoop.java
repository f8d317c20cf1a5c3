package dev.seqtrain.job;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.model.OffHeapEstimate;
import dev.seqtrain.config.TrainingConfig;
import dev.seqtrain.report.EpochProgress;
import dev.seqtrain.report.EpochResult;
import dev.seqtrain.report.RunMetrics;
import dev.seqtrain.storage.ModelStore;
import dev.seqtrain.storage.RunFolder;
import dev.seqtrain.train.EarlyStopping;
import dev.seqtrain.train.Evaluator;
import dev.seqtrain.train.ParameterAveragingTrainer;
import dev.seqtrain.train.Shards;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
     * @param units      what validation errors are in, for the progress line
     * @param shape      a training example's longest steps and its inputs per step, for the memory estimate
     */
    static Outcome run(RunFolder folder, String resolvedJob, TrainingConfig config, ModelConfig model,
                       ParameterAveragingTrainer trainer, Supplier<MultiLayerNetwork> fresh,
                       Checkpoints.State resumeFrom, Shards train, int[] shape, Shards validation, Evaluator evaluator,
                       String units) {
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
        LOG.info(OffHeapEstimate.of(network.numParams(), OffHeapEstimate.updaterSlots(model.updater()),
                        config.batchSizePerWorker(), shape[0], model.layers() * OffHeapEstimate.activationsPerStep(
                                model.cell() == CellType.LSTM, model.hiddenSize(), model.bidirectional()),
                        shape[1])
                .describe(Pointer.maxBytes(), trainer.tasksPerExecutor()));
        boolean[] stoppedEarly = {false};
        ParameterAveragingTrainer.Trained trained = trainer.fit(network, train, validation, evaluator,
                history.size() + 1, (result, current) -> {
                    history.add(result);
                    LOG.info(EpochProgress.line(result, config.epochs(), history, units));
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

    /**
     * Publishes a trained run: the model (with its updater, for warm starts), then the other
     * artifacts in order, then the manifest; CURRENT moves to it.
     */
    static void publish(RunFolder folder, ModelStore store, MultiLayerNetwork model, Map<String, String> artifacts) {
        folder.write(PublishedModel.MODEL, out -> ModelSerializer.writeModel(model, out, true));
        commit(folder, store, artifacts, true);
    }

    /** Publishes an already serialised model (one a gate has scored); CURRENT moves only if {@code promote}. */
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
    static List<RunMetrics.Layer> layers(MultiLayerNetwork network) {
        List<RunMetrics.Layer> layers = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String type = conf.getClass().getSimpleName();
            if (conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer wrapper) {
                type = type + "(" + wrapper.getUnderlying().getClass().getSimpleName() + ")";
            } else if (conf instanceof org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional bidirectional) {
                type = type + "(" + bidirectional.getFwd().getClass().getSimpleName() + ")";
            }
            layers.add(new RunMetrics.Layer(type, layer.numParams()));
        }
        return layers;
    }

    /** Artifacts to publish, in the order given: name, content, name, content... */
    static Map<String, String> ordered(String... namesAndContents) {
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            artifacts.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return artifacts;
    }

    /** The metrics' model section: configuration, parameter count and layers. */
    static RunMetrics.Model modelSummary(ModelConfig model, MultiLayerNetwork network) {
        return new RunMetrics.Model(model.cell().key(), model.layers(), model.hiddenSize(), model.bidirectional(),
                model.updater(), network.numParams(), layers(network));
    }

    /** The metrics' training section. */
    static RunMetrics.Training trainingSummary(TrainingConfig config, int workers, int batchSizePerWorker) {
        return new RunMetrics.Training(workers, batchSizePerWorker, config.averagingFrequency(), config.epochs(),
                config.learningRate(), "parameter-averaging/shards-in-place");
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
