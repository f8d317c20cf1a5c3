package dev.seqtrain.config;

import dev.seqtrain.sequence.MissingValues;
import dev.seqtrain.sequence.Normalizer;

/**
 * How rows become windows.
 *
 * @param normalization fitted on training rows only
 * @param missingValues what an empty field means
 * @param skipBadRows   count and skip unparseable rows instead of failing on the first
 * @param chunkRows     rows each worker task windows at once (plus a halo of {@code span - 1})
 * @param partitions    partitions of the window RDDs; 0 means one per training worker
 */
public record PreprocessingConfig(Normalizer.Method normalization, MissingValues missingValues, boolean skipBadRows,
                                  int chunkRows, int partitions) {
}
