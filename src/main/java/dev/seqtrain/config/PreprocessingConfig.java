package dev.seqtrain.config;

import dev.seqtrain.sequence.MissingValues;

/**
 * How rows become windows.
 *
 * @param normalization {@code standard} or {@code minmax}, fitted on training rows only
 * @param missingValues what an empty field means
 * @param skipBadRows   count and skip unparseable rows instead of failing on the first
 * @param chunkRows     rows each worker task windows at once (plus a halo of {@code span - 1})
 * @param partitions    partitions of the window RDDs; 0 means one per training worker
 */
public record PreprocessingConfig(String normalization, MissingValues missingValues, boolean skipBadRows,
                                  int chunkRows, int partitions) {
}
