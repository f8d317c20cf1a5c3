package dev.seqtrain.sequence;

/** Which windows to cut: those for training, for validation, or every window whose inputs exist (scoring). */
public enum WindowPart {
    TRAIN,
    VALIDATION,
    ALL
}
