package dev.seqtrain.train;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Spark glue: a published model's output for every example, on the workers, for {@code predict} and
 * {@code evaluate} of classifiers and character models. Each partition's examples become one shard
 * (the same compact form training uses), scored in minibatches; the model travels as its bytes.
 */
public final class ExampleOutputs {
    private ExampleOutputs() {
    }

    /**
     * @param batch how many examples one forward pass scores
     * @param shard builds a partition's shard from its examples, in their order
     * @param row   an example and the network's output for it (its slice of the minibatch's output, in
     *              row-major order: {@code [classes]} or {@code [classes][steps]}) as a result
     */
    public static <T, R> JavaRDD<R> map(JavaSparkContext sc, byte[] model, int batch, JavaRDD<T> examples,
                                        Function<List<T>, ExampleShard> shard, Function2<T, float[], R> row) {
        Broadcast<byte[]> modelBytes = sc.broadcast(model);
        return examples.mapPartitions(part -> {
            List<T> local = new ArrayList<>();
            part.forEachRemaining(local::add);
            List<R> rows = new ArrayList<>(local.size());
            if (local.isEmpty()) {
                return rows.iterator();
            }
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(modelBytes.value()), false);
            ExampleShard examplesShard = shard.call(local);
            for (int[] indices : examplesShard.inOrder(batch)) {
                DataSet minibatch = examplesShard.minibatch(indices);
                INDArray output = network.output(minibatch.getFeatures(), false, minibatch.getFeaturesMaskArray(),
                        minibatch.getLabelsMaskArray());
                float[] values = NdArrays.values(output);
                int width = values.length / indices.length;
                for (int i = 0; i < indices.length; i++) {
                    float[] slice = new float[width];
                    System.arraycopy(values, i * width, slice, 0, width);
                    rows.add(row.call(local.get(indices[i]), slice));
                }
            }
            return rows.iterator();
        });
    }
}
