package dev.seqtrain.train;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Windows of text as character indices: a window of 100 characters is 100 ints, and its targets
 * (the next character at every step, or the passage's class) become one-hot rows only inside the
 * minibatch being fitted.
 */
public final class TokenShard extends ExampleShard {
    private static final long serialVersionUID = 1L;

    private final int steps;
    private final int classes;
    private final boolean targetPerStep;
    private final int[] tokens;
    private final int[] targets;

    private TokenShard(int steps, int classes, boolean targetPerStep, int[] tokens, int[] targets) {
        this.steps = steps;
        this.classes = classes;
        this.targetPerStep = targetPerStep;
        this.tokens = tokens;
        this.targets = targets;
    }

    @Override
    public int size() {
        return tokens.length / steps;
    }

    /**
     * Features {@code [minibatch, 1, steps]} (indices for an embedding layer) and one-hot targets,
     * {@code [minibatch, classes, steps]} or {@code [minibatch, classes]}.
     */
    @Override
    public DataSet minibatch(int[] indices) {
        float[] features = new float[indices.length * steps];
        int targetSteps = targetPerStep ? steps : 1;
        float[] oneHot = new float[indices.length * classes * targetSteps];
        for (int i = 0; i < indices.length; i++) {
            int example = indices[i];
            for (int s = 0; s < steps; s++) {
                features[i * steps + s] = tokens[example * steps + s];
            }
            for (int s = 0; s < targetSteps; s++) {
                int target = targets[example * targetSteps + s];
                oneHot[(i * classes + target) * targetSteps + s] = 1f;
            }
        }
        long[] labelShape = targetPerStep ? new long[]{indices.length, classes, steps} : new long[]{indices.length, classes};
        return new DataSet(Nd4j.create(features, new long[]{indices.length, 1, steps}, 'c'),
                Nd4j.create(oneHot, labelShape, 'c'));
    }

    @Override
    TokenShard slice(int from, int to) {
        int targetSteps = targetPerStep ? steps : 1;
        return new TokenShard(steps, classes, targetPerStep, Arrays.copyOfRange(tokens, from * steps, to * steps),
                Arrays.copyOfRange(targets, from * targetSteps, to * targetSteps));
    }

    @Override
    TokenShard concat(List<ExampleShard> following) {
        List<TokenShard> parts = new ArrayList<>();
        parts.add(this);
        following.forEach(part -> parts.add((TokenShard) part));
        return new TokenShard(steps, classes, targetPerStep, IntRows.concat(parts, p -> p.tokens),
                IntRows.concat(parts, p -> p.targets));
    }

    /**
     * Collects windows of {@code steps} characters over {@code classes} targets: the next character at
     * every step (a character model) or one class per window (a passage classifier).
     */
    public static final class Builder {
        private final int steps;
        private final int classes;
        private final boolean targetPerStep;
        private final IntRows tokens = new IntRows();
        private final IntRows targets = new IntRows();

        public Builder(int steps, int classes, boolean targetPerStep) {
            this.steps = steps;
            this.classes = classes;
            this.targetPerStep = targetPerStep;
        }

        /** @param targets {@code steps} next characters, or one class */
        public Builder add(int[] window, int... targets) {
            if (window.length != steps || targets.length != (targetPerStep ? steps : 1)) {
                throw new IllegalArgumentException("a window of " + window.length + " characters with "
                        + targets.length + " targets in a shard of " + steps + "-character windows");
            }
            this.tokens.add(window);
            this.targets.add(targets);
            return this;
        }

        public TokenShard build() {
            return new TokenShard(steps, classes, targetPerStep, tokens.toArray(), targets.toArray());
        }
    }
}
