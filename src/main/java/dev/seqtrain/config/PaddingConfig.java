package dev.seqtrain.config;

import dev.seqtrain.sequence.Padding;

import java.io.Serializable;

/**
 * How labelled sequences of different lengths share a minibatch.
 *
 * @param cap       the longest padded length; 0 pads to the longest sequence of each minibatch
 * @param align     {@code end} puts each sequence's last step last (what a many-to-one model reads)
 * @param keep      which steps a sequence longer than the cap keeps: {@code recent} or {@code first}
 * @param bucketing group sequences of similar length into minibatches
 */
public record PaddingConfig(int cap, Padding.Align align, Padding.Keep keep, boolean bucketing) implements Serializable {
    public Padding padding() {
        return new Padding(cap, align, keep);
    }
}
