package dev.seqtrain.model;

import dev.seqtrain.model.recurrent.RecurrentEngine;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * What a DL4J recurrent layer does around {@link RecurrentEngine}: takes its input (dropout applied,
 * NWC permuted), parameters and mask, makes its output and input gradient in the workspaces DL4J
 * expects, writes the gradients into the layer's gradient views and keeps or restores the carried
 * state. The layers give it their DL4J internals through {@link Access}.
 */
final class EngineGlue {
    /** A layer's DL4J internals (protected members only the layer itself can reach). */
    interface Access {
        /** The input with dropout applied when training. */
        INDArray inputForPass(boolean training, LayerWorkspaceMgr workspaceMgr);

        INDArray parameter(String key, boolean training, LayerWorkspaceMgr workspaceMgr);

        INDArray gradientView(String key);

        /** The layer's mask, {@code [minibatch, steps]}, or null. */
        INDArray mask();

        /** The input gradient after dropout's backward step. */
        INDArray afterDropout(INDArray inputGradient);

        /** Drops the weight noise sampled for this pass (DL4J samples it per forward pass). */
        void clearWeightNoise();

        boolean nwc();

        long hidden();

        INDArray input();
    }

    private final RecurrentEngine engine;
    private final RecurrentEngine.Cell cell;
    private final String inputWeights;
    private final String recurrentWeights;
    private final String bias;
    /** The input array of the last training forward pass, whose gates the engine still holds. */
    private INDArray forwardOf;

    EngineGlue(RecurrentEngine.Cell cell, String inputWeights, String recurrentWeights, String bias) {
        this.engine = new RecurrentEngine(cell);
        this.cell = cell;
        this.inputWeights = inputWeights;
        this.recurrentWeights = recurrentWeights;
        this.bias = bias;
    }

    /** The engine computes float and double arrays with a mask of one value per example and step, or none. */
    boolean applies(Access layer) {
        INDArray input = layer.input();
        INDArray mask = layer.mask();
        return input != null && RecurrentEngine.supports(input.dataType()) && input.rank() == 3
                && (mask == null || mask.rank() == 2 && mask.size(0) == input.size(0)
                && mask.size(1) == input.size(layer.nwc() ? 1 : 2));
    }

    /**
     * The layer's output over its input, starting from the state in {@code from} (under the given keys;
     * null for zeros) and leaving the last state in {@code to} (null: not kept).
     */
    INDArray forward(Access layer, boolean training, Map<String, INDArray> from, Map<String, INDArray> to,
                     String outputKey, String cellKey, LayerWorkspaceMgr workspaceMgr) {
        forwardOf = null;
        INDArray input = layer.inputForPass(training, workspaceMgr);
        INDArray x = ncw(layer, input);
        INDArray weights = layer.parameter(inputWeights, training, workspaceMgr);
        if (x.dataType() != weights.dataType()) {
            x = x.castTo(weights.dataType());
        }
        long batch = x.size(0);
        long steps = x.size(2);
        long hidden = layer.hidden();
        // Laid out step by step: the engine writes each step's outputs as one block, and a layer above
        // reads them the same way.
        INDArray stepMajor = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                new long[]{steps, batch, hidden}, 'c');
        INDArray out = stepMajor.permute(1, 2, 0);
        engine.forward(x, weights, layer.parameter(recurrentWeights, training, workspaceMgr),
                layer.parameter(bias, training, workspaceMgr), layer.mask(), state(from, outputKey),
                cell == RecurrentEngine.Cell.LSTM ? state(from, cellKey) : null, out);
        if (to != null) {
            // The carried state outlives this pass's workspaces.
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray lastOutput = Nd4j.create(x.dataType(), batch, hidden);
                INDArray lastCell = cell == RecurrentEngine.Cell.LSTM ? Nd4j.create(x.dataType(), batch, hidden) : null;
                engine.lastState(lastOutput, lastCell);
                to.put(outputKey, lastOutput);
                if (lastCell != null) {
                    to.put(cellKey, lastCell);
                }
            }
        }
        if (training) {
            forwardOf = input;
        }
        return layer.nwc() ? stepMajor.permute(1, 0, 2) : out;
    }

    /**
     * The gradients of the last training forward pass over the layer's current input (run again, from
     * a zero state, if the engine no longer holds it).
     */
    Pair<Gradient, INDArray> backward(Access layer, INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (forwardOf == null || forwardOf != layer.input()) {
            forward(layer, true, null, null, null, null, workspaceMgr);
        }
        INDArray x = ncw(layer, layer.input());
        INDArray weights = layer.parameter(inputWeights, true, workspaceMgr);
        INDArray stepMajor = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, weights.dataType(),
                new long[]{x.size(2), x.size(0), x.size(1)}, 'c');
        INDArray inputGradient = stepMajor.permute(1, 2, 0);
        INDArray outputGradient = ncw(layer, epsilon);
        if (outputGradient.dataType() != weights.dataType()) {
            outputGradient = outputGradient.castTo(weights.dataType());
        }
        engine.backward(outputGradient, layer.gradientView(inputWeights), layer.gradientView(recurrentWeights),
                layer.gradientView(bias), inputGradient);
        forwardOf = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(inputWeights, layer.gradientView(inputWeights));
        gradient.gradientForVariable().put(recurrentWeights, layer.gradientView(recurrentWeights));
        gradient.gradientForVariable().put(bias, layer.gradientView(bias));
        layer.clearWeightNoise();
        INDArray result = layer.afterDropout(inputGradient);
        return new Pair<>(gradient, layer.nwc() ? result.permute(0, 2, 1) : result);
    }

    /** Forgets the held forward pass (DL4J cleared the layer). */
    void forget() {
        forwardOf = null;
    }

    private static INDArray ncw(Access layer, INDArray array) {
        return layer.nwc() ? array.permute(0, 2, 1) : array;
    }

    private static INDArray state(Map<String, INDArray> states, String key) {
        return states == null || key == null ? null : states.get(key);
    }
}
