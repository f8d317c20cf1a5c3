package dev.seqtrain.job;

import dev.seqtrain.config.InputKind;
import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.sequence.Vocabulary;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Samples text from a published character model, one character at a time, on the driver. */
public final class TextGenerator {
    private TextGenerator() {
    }

    /** Samples from a published model, which must be a character model. */
    public static String generate(PublishedModel model, String prime, int characters, double temperature, long seed) {
        if (model.job().input().kind() != InputKind.TEXT) {
            throw new InvalidInputException("run " + model.runId() + " is not a character model (input.kind = "
                    + model.job().input().kind() + "): generate samples text from input.kind = text models");
        }
        return generate(model.network(false), model.vocabulary(), prime, characters, temperature, seed);
    }

    /**
     * @param prime       text fed to the model first; the generated characters follow it
     * @param temperature below 1 sharpens the distribution, above 1 flattens it
     */
    static String generate(MultiLayerNetwork network, Vocabulary vocabulary, String prime, int characters,
                           double temperature, long seed) {
        network.rnnClearPreviousState();
        Random random = new Random(seed);
        int[] primed = vocabulary.encode(prime.isEmpty() ? "\n" : prime);
        INDArray output = null;
        for (int symbol : primed) {
            output = network.rnnTimeStep(Nd4j.create(new float[]{symbol}, new long[]{1, 1, 1}, 'c'));
        }
        int[] generated = new int[characters];
        for (int i = 0; i < characters; i++) {
            generated[i] = sample(output, temperature, random);
            output = network.rnnTimeStep(Nd4j.create(new float[]{generated[i]}, new long[]{1, 1, 1}, 'c'));
        }
        network.rnnClearPreviousState();
        return prime + vocabulary.decode(generated);
    }

    /** Draws the next symbol from the last step's distribution, reweighted by the temperature. */
    private static int sample(INDArray output, double temperature, Random random) {
        long symbols = output.size(1);
        double[] weights = new double[(int) symbols];
        double total = 0;
        for (int i = 0; i < symbols; i++) {
            double p = output.rank() == 3 ? output.getDouble(0, i, output.size(2) - 1) : output.getDouble(0, i);
            weights[i] = Math.exp(Math.log(Math.max(p, 1e-12)) / temperature);
            total += weights[i];
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw <= 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
