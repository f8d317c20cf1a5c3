package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import dev.seqtrain.config.Pooling;
import dev.seqtrain.config.Updater;
import dev.seqtrain.config.RecurrentEngineKind;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.Locale;

/**
 * Builds the recurrent networks seqtrain trains. A forecaster reads a window
 * {@code [batch, features, steps]} through stacked RNN or LSTM layers and regresses its outputs from
 * the last step's hidden state, or from every step's (many-to-many).
 */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /** A forecaster with a constant learning rate. */
    public static MultiLayerConfiguration forecaster(ModelConfig model, int features, int outputs, boolean sequence,
                                                     double learningRate, long seed) {
        return forecaster(model, features, outputs, sequence, learningRate, 1.0, seed);
    }

    /**
     * @param outputs           values predicted per labelled step
     * @param sequence          many-to-many: an output at every input step, instead of after the last
     * @param learningRateDecay multiplies the learning rate after every epoch
     */
    public static MultiLayerConfiguration forecaster(ModelConfig model, int features, int outputs, boolean sequence,
                                                     double learningRate, double learningRateDecay, long seed) {
        NeuralNetConfiguration.ListBuilder layers = recurrentStack(model, features, sequence, learningRate,
                learningRateDecay, seed);
        int width = width(model);
        layers.layer(sequence
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(width).nOut(outputs).activation(Activation.IDENTITY).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(width).nOut(outputs).activation(Activation.IDENTITY).build());
        if (model.tbpttLength() > 0) {
            layers.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(model.tbpttLength()).tBPTTBackwardLength(model.tbpttLength());
        }
        return layers.build();
    }

    /**
     * A many-to-one classifier: masked variable-length sequences through the recurrent layers, the
     * last real step's hidden state into a softmax over {@code classes} labels.
     */
    public static MultiLayerConfiguration classifier(ModelConfig model, int features, int classes,
                                                     double learningRate, double learningRateDecay, long seed) {
        NeuralNetConfiguration.ListBuilder layers = recurrentStack(model, features, model.pooling() != Pooling.LAST,
                learningRate, learningRateDecay, seed);
        return readout(layers, model, classes);
    }

    /**
     * The classifiers' head: the last step's state (the stack ends in {@code LastTimeStep}), or every real
     * step pooled (DL4J's pooling layer takes the mask, so padding never counts), then a softmax over
     * {@code classes}.
     */
    private static MultiLayerConfiguration readout(NeuralNetConfiguration.ListBuilder layers, ModelConfig model,
                                                   int classes) {
        int width = width(model);
        switch (model.pooling()) {
            case LAST -> {
            }
            case MEAN -> layers.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            case MAX -> layers.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(width).nOut(classes).activation(Activation.SOFTMAX).build());
        return layers.build();
    }

    /**
     * A character-level language model: each step's character index through an embedding, the
     * recurrent layers, and a softmax over the vocabulary at every step (the next character).
     */
    public static MultiLayerConfiguration characterModel(ModelConfig model, int vocabulary, int embedding, int steps,
                                                         double learningRate, double learningRateDecay, long seed) {
        NeuralNetConfiguration.ListBuilder layers = recurrentStack(model, embedding, true, learningRate,
                learningRateDecay, seed, embedding(vocabulary, embedding, steps));
        // [minibatch, size, steps] throughout, like every other seqtrain model; the embedding would otherwise
        // leave the output layer expecting [minibatch, steps, size].
        layers.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).dataFormat(RNNFormat.NCW)
                .nIn(width(model)).nOut(vocabulary).activation(Activation.SOFTMAX).build());
        if (model.tbpttLength() > 0) {
            layers.backpropType(BackpropType.TruncatedBPTT)
                    .tBPTTForwardLength(model.tbpttLength()).tBPTTBackwardLength(model.tbpttLength());
        }
        return layers.build();
    }

    /**
     * A passage classifier: each step's character index through an embedding, the recurrent layers,
     * and the last step's hidden state into a softmax over {@code classes} labels.
     */
    public static MultiLayerConfiguration passageClassifier(ModelConfig model, int vocabulary, int embedding, int steps,
                                                            int classes, double learningRate, double learningRateDecay,
                                                            long seed) {
        NeuralNetConfiguration.ListBuilder layers = recurrentStack(model, embedding, model.pooling() != Pooling.LAST,
                learningRate, learningRateDecay, seed, embedding(vocabulary, embedding, steps));
        return readout(layers, model, classes);
    }

    /** Characters as vectors, {@code [minibatch, size, steps]} like every other seqtrain model's activations. */
    private static EmbeddingSequenceLayer embedding(int vocabulary, int embedding, int steps) {
        return new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(steps)
                .outputDataFormat(RNNFormat.NCW).build();
    }

    private static int width(ModelConfig model) {
        return model.bidirectional() ? 2 * model.hiddenSize() : model.hiddenSize();
    }

    /** The recurrent layers every task shares; the last one reads only its last step unless {@code sequence}. */
    private static NeuralNetConfiguration.ListBuilder recurrentStack(ModelConfig model, int features, boolean sequence,
                                                                     double learningRate, double learningRateDecay,
                                                                     long seed, Layer... before) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.valueOf(model.weightInit().toUpperCase(Locale.ROOT)))
                .updater(updater(model.updater(), learningRate, learningRateDecay));
        if (model.l2() > 0) {
            base.l2(model.l2());
        }
        if (model.gradientClip() > 0) {
            base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(model.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder layers = base.list();
        for (Layer layer : before) {
            layers.layer(layer);
        }
        for (int i = 0; i < model.layers(); i++) {
            Layer recurrent = recurrentLayer(model, i == 0 ? features : width(model));
            boolean last = i == model.layers() - 1;
            layers.layer(last && !sequence ? new LastTimeStep(recurrent) : recurrent);
        }
        return layers;
    }

    public static MultiLayerNetwork init(MultiLayerConfiguration configuration) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    /**
     * {@code network} with its recurrent layers computed by {@code engine}, parameters and updater
     * state carried over: a published model warm-starts on the engine the job asks for.
     */
    public static MultiLayerNetwork withEngine(MultiLayerNetwork network, RecurrentEngineKind engine) {
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations().clone();
        boolean changed = false;
        for (NeuralNetConfiguration layer : configuration.getConfs()) {
            Layer swapped = withEngine(layer.getLayer(), engine);
            changed |= swapped != layer.getLayer();
            layer.setLayer(swapped);
        }
        if (!changed) {
            return network;
        }
        MultiLayerNetwork converted = new MultiLayerNetwork(configuration);
        converted.init(network.params().dup(), false);
        if (network.getUpdater(false) != null && network.getUpdater().getStateViewArray() != null) {
            converted.getUpdater().setStateViewArray(converted, network.getUpdater().getStateViewArray().dup(), false);
        }
        return converted;
    }

    private static Layer withEngine(Layer layer, RecurrentEngineKind engine) {
        boolean fused = engine == RecurrentEngineKind.FUSED;
        if (layer instanceof LastTimeStep last) {
            Layer inner = withEngine(last.getUnderlying(), engine);
            return inner == last.getUnderlying() ? layer : new LastTimeStep(inner);
        }
        if (layer instanceof Bidirectional both) {
            Layer inner = withEngine(both.getFwd(), engine);
            return inner == both.getFwd() ? layer : new Bidirectional(both.getMode(), inner);
        }
        if (layer instanceof Gru) {
            return layer; // seqtrain's engine is the only one with a GRU
        }
        if (layer instanceof FusedLstm lstm) {
            return fused ? layer : lstm.toStock();
        }
        if (layer instanceof FusedSimpleRnn rnn) {
            return fused ? layer : rnn.toStock();
        }
        if (layer instanceof LSTM lstm && fused) {
            return FusedLstm.of(lstm);
        }
        if (layer instanceof SimpleRnn rnn && fused) {
            return FusedSimpleRnn.of(rnn);
        }
        return layer;
    }

    private static IUpdater updater(Updater updater, double learningRate, double decay) {
        ISchedule schedule = new ExponentialSchedule(ScheduleType.EPOCH, learningRate, decay);
        return switch (updater) {
            case ADAM -> new Adam(schedule);
            case SGD -> new Sgd(schedule);
            case RMSPROP -> new RmsProp(schedule);
            case NESTEROVS -> new Nesterovs(schedule, 0.9);
        };
    }

    private static Layer recurrentLayer(ModelConfig model, int in) {
        BaseRecurrentLayer.Builder<?> builder = switch (model.cell()) {
            case LSTM -> new LSTM.Builder();
            case RNN, GRU -> new SimpleRnn.Builder(); // a GRU takes a simple RNN's settings
        };
        builder.nIn(in).nOut(model.hiddenSize()).activation(Activation.TANH);
        if (model.dropout() > 0) {
            builder.dropOut(1.0 - model.dropout()); // DL4J takes the probability of keeping an input
        }
        Layer layer = model.cell() == CellType.GRU ? Gru.of((SimpleRnn) builder.build())
                : withEngine(builder.build(), model.engine());
        return model.bidirectional() ? new Bidirectional(Bidirectional.Mode.CONCAT, layer) : layer;
    }
}
