package dev.seqtrain.model;

import dev.seqtrain.config.CellType;
import dev.seqtrain.config.ModelConfig;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the recurrent networks seqtrain trains. A forecaster reads a window
 * {@code [batch, features, steps]} through stacked RNN or LSTM layers and regresses its outputs from
 * the last step's hidden state, or from every step's (many-to-many).
 */
public final class NetworkFactory {
    /** Clips each gradient element: recurrent nets occasionally see exploding gradients through time. */
    private static final double GRADIENT_CLIP = 1.0;

    private NetworkFactory() {
    }

    /**
     * @param outputs  values predicted per labelled step
     * @param sequence many-to-many: an output at every input step, instead of after the last
     */
    public static MultiLayerConfiguration forecaster(ModelConfig model, int features, int outputs, boolean sequence,
                                                     double learningRate, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(GRADIENT_CLIP)
                .list();
        for (int i = 0; i < model.layers(); i++) {
            Layer recurrent = recurrentLayer(model.cell(), i == 0 ? features : model.hiddenSize(), model.hiddenSize());
            boolean last = i == model.layers() - 1;
            layers.layer(last && !sequence ? new LastTimeStep(recurrent) : recurrent);
        }
        layers.layer(sequence
                ? new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(model.hiddenSize()).nOut(outputs).activation(Activation.IDENTITY).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(model.hiddenSize()).nOut(outputs).activation(Activation.IDENTITY).build());
        return layers.build();
    }

    public static MultiLayerNetwork init(MultiLayerConfiguration configuration) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    private static Layer recurrentLayer(CellType cell, int in, int out) {
        return switch (cell) {
            case LSTM -> new LSTM.Builder().nIn(in).nOut(out).activation(Activation.TANH).build();
            case RNN -> new SimpleRnn.Builder().nIn(in).nOut(out).activation(Activation.TANH).build();
        };
    }
}
