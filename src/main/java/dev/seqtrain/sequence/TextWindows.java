package dev.seqtrain.sequence;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Character windows for a language model, cut inside one document: each window is
 * {@code length} characters and its targets are the next character at every step (many-to-many).
 * The first {@code 1 - validationFraction} of each document trains and the rest validates, and no
 * window crosses that boundary or the document's end.
 */
public final class TextWindows {
    private TextWindows() {
    }

    /** @param next the character after each input step */
    public record Window(int start, int[] inputs, int[] next) {
    }

    /** The character where a document's validation part begins. */
    public static int boundary(int characters, double validationFraction) {
        return (int) Math.round(characters * (1.0 - validationFraction));
    }

    /** How many windows fit in {@code characters} characters: each needs {@code length + 1}. */
    public static int count(int characters, int length, int stride) {
        return characters < length + 1 ? 0 : (characters - length - 1) / stride + 1;
    }

    /**
     * The starts of passages of {@code length} characters in {@code [from, to)}, every {@code stride}
     * characters: the inputs of a passage classifier, which has no next character to predict.
     */
    public static void passageStarts(int from, int to, int length, int stride, IntConsumer start) {
        for (int s = from; s + length <= to; s += stride) {
            start.accept(s);
        }
    }

    public static void cut(int[] text, int from, int to, int length, int stride, Consumer<Window> out) {
        int windows = count(to - from, length, stride);
        for (int w = 0; w < windows; w++) {
            int start = from + w * stride;
            int[] inputs = new int[length];
            int[] next = new int[length];
            System.arraycopy(text, start, inputs, 0, length);
            System.arraycopy(text, start + 1, next, 0, length);
            out.accept(new Window(start, inputs, next));
        }
    }
}
