package dev.seqtrain.config;

import java.util.List;

/**
 * What {@code compare} trains besides the job itself: an RNN and an LSTM of {@code model.hidden-size}
 * on the adding problem for several sequence lengths, and on the job's own data.
 *
 * @param addingLengths     the adding problem's sequence lengths T; empty skips the synthetic sweep
 * @param addingTrain       training sequences generated per T
 * @param addingValidation  validation sequences generated per T
 * @param addingEpochs      the budget per cell and T
 * @param matchedRnn        also train an RNN widened to about the LSTM's parameter count
 * @param userData          also train both cells on the job's data and task, for {@code training.epochs}
 */
public record CompareConfig(List<Integer> addingLengths, int addingTrain, int addingValidation, int addingEpochs,
                            boolean matchedRnn, boolean userData) {
    public CompareConfig {
        addingLengths = List.copyOf(addingLengths);
    }
}
