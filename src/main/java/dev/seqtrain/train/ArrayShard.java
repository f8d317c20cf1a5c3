package dev.seqtrain.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Examples that all have one shape (forecast windows, generated problems): each example's features,
 * labels and optional masks are rows of flat float arrays.
 */
public final class ArrayShard extends ExampleShard {
    private static final long serialVersionUID = 1L;

    private final long[] featureShape;
    private final long[] labelShape;
    private final float[] features;
    private final float[] labels;
    private final float[] featureMasks;
    private final float[] labelMasks;
    private final int size;

    private ArrayShard(long[] featureShape, long[] labelShape, float[] features, float[] labels, float[] featureMasks,
                       float[] labelMasks, int size) {
        this.featureShape = featureShape;
        this.labelShape = labelShape;
        this.features = features;
        this.labels = labels;
        this.featureMasks = featureMasks;
        this.labelMasks = labelMasks;
        this.size = size;
    }

    /** One-example DataSets (shape {@code [1, ...]}), all of one shape, with masks on all or none. */
    public static ArrayShard of(Iterator<DataSet> examples) {
        Builder builder = null;
        while (examples.hasNext()) {
            DataSet example = examples.next();
            if (builder == null) {
                builder = new Builder(tail(example.getFeatures()), tail(example.getLabels()));
            }
            builder.add(NdArrays.values(example.getFeatures()), NdArrays.values(example.getLabels()),
                    example.getFeaturesMaskArray() == null ? null : NdArrays.values(example.getFeaturesMaskArray()),
                    example.getLabelsMaskArray() == null ? null : NdArrays.values(example.getLabelsMaskArray()));
        }
        return builder == null ? new Builder(new long[0], new long[0]).build() : builder.build();
    }

    private static long[] tail(INDArray example) {
        return Arrays.copyOfRange(example.shape(), 1, example.rank());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public DataSet minibatch(int[] indices) {
        return new DataSet(gather(features, featureShape, indices), gather(labels, labelShape, indices),
                featureMasks == null ? null : gather(featureMasks, new long[]{steps(featureShape)}, indices),
                labelMasks == null ? null : gather(labelMasks, new long[]{steps(labelShape)}, indices));
    }

    private static long steps(long[] shape) {
        return shape[shape.length - 1];
    }

    private static INDArray gather(float[] rows, long[] shape, int[] indices) {
        int width = width(shape);
        float[] out = new float[indices.length * width];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(rows, indices[i] * width, out, i * width, width);
        }
        long[] full = new long[shape.length + 1];
        full[0] = indices.length;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return Nd4j.create(out, full, 'c');
    }

    /** Collects examples of one shape: features {@code featureShape} and labels {@code labelShape} each. */
    public static final class Builder {
        private final long[] featureShape;
        private final long[] labelShape;
        private final FloatRows features = new FloatRows();
        private final FloatRows labels = new FloatRows();
        private FloatRows featureMasks;
        private FloatRows labelMasks;
        private int size;

        public Builder(long[] featureShape, long[] labelShape) {
            this.featureShape = featureShape.clone();
            this.labelShape = labelShape.clone();
        }

        /** Adds one example; its masks (one value per step) may be null. */
        public Builder add(float[] features, float[] labels, float[] featureMask, float[] labelMask) {
            if (size == 0) {
                featureMasks = featureMask == null ? null : new FloatRows();
                labelMasks = labelMask == null ? null : new FloatRows();
            } else if ((featureMask == null) != (featureMasks == null) || (labelMask == null) != (labelMasks == null)) {
                throw new IllegalArgumentException("every example of a shard has masks, or none has");
            }
            this.features.add(features);
            this.labels.add(labels);
            if (featureMask != null) {
                featureMasks.add(featureMask);
            }
            if (labelMask != null) {
                labelMasks.add(labelMask);
            }
            size++;
            return this;
        }

        public ArrayShard build() {
            return new ArrayShard(featureShape, labelShape, features.toArray(), labels.toArray(),
                    featureMasks == null ? null : featureMasks.toArray(),
                    labelMasks == null ? null : labelMasks.toArray(), size);
        }
    }

    @Override
    ArrayShard slice(int from, int to) {
        return new ArrayShard(featureShape, labelShape, rows(features, featureShape, from, to),
                rows(labels, labelShape, from, to),
                featureMasks == null ? null : rows(featureMasks, new long[]{steps(featureShape)}, from, to),
                labelMasks == null ? null : rows(labelMasks, new long[]{steps(labelShape)}, from, to), to - from);
    }

    private static int width(long[] shape) {
        return (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    private static float[] rows(float[] rows, long[] shape, int from, int to) {
        return Arrays.copyOfRange(rows, from * width(shape), to * width(shape));
    }

    @Override
    ArrayShard concat(List<ExampleShard> following) {
        List<ArrayShard> parts = new ArrayList<>();
        parts.add(this);
        following.forEach(part -> parts.add((ArrayShard) part));
        return new ArrayShard(featureShape, labelShape, FloatRows.concat(parts, p -> p.features),
                FloatRows.concat(parts, p -> p.labels),
                featureMasks == null ? null : FloatRows.concat(parts, p -> p.featureMasks),
                labelMasks == null ? null : FloatRows.concat(parts, p -> p.labelMasks),
                parts.stream().mapToInt(ArrayShard::size).sum());
    }
}
