package dev.seqtrain.model;

import dev.seqtrain.config.CellType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Parameter counts of seqtrain's networks in closed form, each with the formula that gives it, for
 * reports that explain why an LSTM costs about four RNNs. They match DL4J's layers (ParameterCountsTest
 * checks them against initialised networks):
 * <ul>
 *   <li>{@code SimpleRnn}: input weights I×H, recurrent weights H×H, bias H: H(I+H+1)</li>
 *   <li>{@code LSTM}: the same for each of 4 gates: 4H(I+H+1). (The older GravesLSTM had 3H more, for
 *       peephole weights; {@code LSTM} has none.)</li>
 *   <li>{@link Gru}: 3 gates with an input and a recurrent bias each: 3H(I+H+2), as PyTorch's {@code nn.GRU}</li>
 *   <li>dense or output layer: weights H×O, bias O: O(H+1)</li>
 * </ul>
 * A {@code LastTimeStep} wrapper adds nothing. Bidirectional layers (twice the count) are not covered.
 */
public final class ParameterCounts {
    private ParameterCounts() {
    }

    /**
     * One layer.
     *
     * @param type    {@code rnn}, {@code lstm} or {@code dense}
     * @param formula the closed form with the sizes put in, e.g. {@code 4H(I+H+1) = 4×8×(2+8+1) = 352}
     */
    public record Layer(String type, int inputs, int outputs, long parameters, String formula) {
    }

    /** The layers of a network, input to output. */
    public record Stack(List<Layer> layers) {
        public Stack {
            layers = List.copyOf(layers);
        }

        public long total() {
            return layers.stream().mapToLong(Layer::parameters).sum();
        }

        /** The sum over layers, e.g. {@code 352 + 9 = 361}. */
        public String formula() {
            String terms = layers.stream().map(layer -> grouped(layer.parameters())).collect(Collectors.joining(" + "));
            return layers.size() == 1 ? terms : terms + " = " + grouped(total());
        }

        /** E.g. {@code 2 → lstm 8 → dense 1}. */
        public String structure() {
            return layers.isEmpty() ? "" : layers.get(0).inputs() + layers.stream()
                    .map(layer -> " → " + layer.type() + " " + layer.outputs()).collect(Collectors.joining());
        }
    }

    /** O(H+1), for H inputs. */
    public static long dense(int inputs, int outputs) {
        return (long) outputs * (inputs + 1);
    }

    public static Layer recurrentLayer(CellType cell, int inputs, int hidden) {
        long count = cell.parameters(inputs, hidden);
        String gates = cell.gates() == 1 ? "" : cell.gates() + "×";
        return new Layer(cell.key(), inputs, hidden, count, String.format(Locale.ROOT, "%s = %s%d×(%d+%d+%d) = %s",
                cell.formula(), gates, hidden, inputs, hidden, cell.biases(), grouped(count)));
    }

    public static Layer denseLayer(int inputs, int outputs) {
        return new Layer("dense", inputs, outputs, dense(inputs, outputs), String.format(Locale.ROOT,
                "O(H+1) = %d×(%d+1) = %s", outputs, inputs, grouped(dense(inputs, outputs))));
    }

    /** {@code layers} recurrent layers of {@code hidden} units each, then a dense output layer. */
    public static Stack stack(CellType cell, int inputs, int hidden, int layers, int outputs) {
        List<Layer> stack = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            stack.add(recurrentLayer(cell, i == 0 ? inputs : hidden, hidden));
        }
        stack.add(denseLayer(hidden, outputs));
        return new Stack(stack);
    }

    /**
     * The hidden size whose RNN stack has the parameter count nearest {@code parameters} (the smaller on
     * a tie): the width of an RNN given the same budget as an LSTM, to compare the cells at equal size.
     */
    public static int rnnHiddenMatching(long parameters, int inputs, int layers, int outputs) {
        int best = 1;
        long bestDistance = Long.MAX_VALUE;
        for (int hidden = 1; ; hidden++) {
            long count = stack(CellType.RNN, inputs, hidden, layers, outputs).total();
            long distance = Math.abs(count - parameters);
            if (distance < bestDistance) {
                best = hidden;
                bestDistance = distance;
            }
            if (count >= parameters) {
                return best;
            }
        }
    }

    private static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
