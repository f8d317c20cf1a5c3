package dev.seqtrain.job;

import dev.seqtrain.config.InvalidInputException;
import dev.seqtrain.report.Json;
import dev.seqtrain.sequence.Vocabulary;
import dev.seqtrain.storage.PublishedRun;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Samples text from a published character model, one character at a time, on the driver. */
public final class TextGenerator {
    private TextGenerator() {
    }

    /**
     * @param prime       text fed to the model first; the generated characters follow it
     * @param temperature below 1 sharpens the distribution, above 1 flattens it
     */
    public static String generate(PublishedRun run, String prime, int characters, double temperature, long seed) {
        if (!run.artifacts().containsKey(CharLmJob.VOCABULARY)) {
            throw new InvalidInputException("run " + run.runId() + " is not a character model (no "
                    + CharLmJob.VOCABULARY + ")");
        }
        Vocabulary vocabulary = Json.read(run.text(CharLmJob.VOCABULARY), Vocabulary.class);
        MultiLayerNetwork network = PublishedModel.network(run, false);
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
