package dev.seqtrain.train;

import dev.seqtrain.sequence.LengthBuckets;
import dev.seqtrain.sequence.Padding;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Labelled variable-length sequences, normalised, each stored once at its own length; a minibatch is
 * padded (with its mask) only when it is fitted. With bucketing, every epoch's minibatches group
 * sequences of similar length, so little of each is padding.
 */
public final class SequenceShard extends ExampleShard {
    private static final long serialVersionUID = 1L;

    private final int features;
    private final int classes;
    private final Padding padding;
    private final boolean bucketing;
    /** Sequence i is {@code values[offsets[i] .. offsets[i] + features * lengths[i])}, {@code [feature][step]}. */
    private final float[] values;
    private final int[] offsets;
    private final int[] lengths;
    private final int[] labels;

    private SequenceShard(int features, int classes, Padding padding, boolean bucketing, float[] values, int[] offsets,
                          int[] lengths, int[] labels) {
        this.features = features;
        this.classes = classes;
        this.padding = padding;
        this.bucketing = bucketing;
        this.values = values;
        this.offsets = offsets;
        this.lengths = lengths;
        this.labels = labels;
    }

    @Override
    public int size() {
        return lengths.length;
    }

    @Override
    protected List<int[]> plan(int batchSize, Random random) {
        return bucketing ? LengthBuckets.plan(lengths, batchSize, random.nextLong()) : super.plan(batchSize, random);
    }

    /** Evaluation needs no shuffle, but the same buckets keep padding down. */
    @Override
    public List<int[]> inOrder(int batchSize) {
        return bucketing ? LengthBuckets.plan(lengths, batchSize, 0) : super.inOrder(batchSize);
    }

    /** Features {@code [minibatch, features, steps]} with their mask, labels one-hot {@code [minibatch, classes]}. */
    @Override
    public DataSet minibatch(int[] indices) {
        List<float[][]> sequences = new ArrayList<>(indices.length);
        float[] oneHot = new float[indices.length * classes];
        for (int i = 0; i < indices.length; i++) {
            sequences.add(sequence(indices[i]));
            oneHot[i * classes + labels[indices[i]]] = 1f;
        }
        Padding.Batch padded = padding.pad(sequences);
        return new DataSet(Nd4j.create(padded.features()), Nd4j.create(oneHot, new long[]{indices.length, classes}, 'c'),
                Nd4j.create(padded.mask()), null);
    }

    private float[][] sequence(int i) {
        float[][] sequence = new float[features][];
        for (int f = 0; f < features; f++) {
            int from = offsets[i] + f * lengths[i];
            sequence[f] = Arrays.copyOfRange(values, from, from + lengths[i]);
        }
        return sequence;
    }

    @Override
    SequenceShard slice(int from, int to) {
        // An empty piece at the shard's end starts past its last sequence.
        int start = from == size() ? values.length : offsets[from];
        int end = to == size() ? values.length : offsets[to];
        int[] shifted = Arrays.copyOfRange(offsets, from, to);
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] -= start;
        }
        return new SequenceShard(features, classes, padding, bucketing, Arrays.copyOfRange(values, start, end), shifted,
                Arrays.copyOfRange(lengths, from, to), Arrays.copyOfRange(labels, from, to));
    }

    @Override
    SequenceShard concat(List<ExampleShard> following) {
        Builder all = new Builder(features, classes, padding, bucketing);
        List<SequenceShard> parts = new ArrayList<>();
        parts.add(this);
        following.forEach(part -> parts.add((SequenceShard) part));
        for (SequenceShard part : parts) {
            for (int i = 0; i < part.size(); i++) {
                all.add(part.sequence(i), part.labels[i]);
            }
        }
        return all.build();
    }

    /** Collects sequences of {@code features} features labelled with one of {@code classes} classes. */
    public static final class Builder {
        private final int features;
        private final int classes;
        private final Padding padding;
        private final boolean bucketing;
        private final FloatRows values = new FloatRows();
        private final IntRows offsets = new IntRows();
        private final IntRows lengths = new IntRows();
        private final IntRows labels = new IntRows();
        private int offset;

        public Builder(int features, int classes, Padding padding, boolean bucketing) {
            this.features = features;
            this.classes = classes;
            this.padding = padding;
            this.bucketing = bucketing;
        }

        /** @param sequence normalised {@code [feature][step]} */
        public Builder add(float[][] sequence, int label) {
            offsets.add(offset);
            lengths.add(sequence[0].length);
            labels.add(label);
            for (float[] feature : sequence) {
                values.add(feature);
                offset += feature.length;
            }
            return this;
        }

        public SequenceShard build() {
            return new SequenceShard(features, classes, padding, bucketing, values.toArray(), offsets.toArray(),
                    lengths.toArray(), labels.toArray());
        }
    }
}
