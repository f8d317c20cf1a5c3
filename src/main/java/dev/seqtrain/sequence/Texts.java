package dev.seqtrain.sequence;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Many short strings (a chunk's time texts) packed as UTF-8 in one byte array with their end
 * offsets: two arrays to move and cache instead of a string object per row. Text {@code i} is
 * decoded when asked for.
 */
public final class Texts implements Serializable {
    private final byte[] bytes;
    private final int[] ends;

    private Texts(byte[] bytes, int[] ends) {
        this.bytes = bytes;
        this.ends = ends;
    }

    public static Texts of(String[] texts) {
        Builder builder = new Builder();
        for (String text : texts) {
            builder.add(text);
        }
        return builder.build();
    }

    /** Packs in order, one after the other. */
    public static Texts concat(List<Texts> parts) {
        Builder builder = new Builder();
        for (Texts part : parts) {
            for (int i = 0; i < part.size(); i++) {
                builder.add(part.bytes, part.start(i), part.ends[i] - part.start(i));
            }
        }
        return builder.build();
    }

    public int size() {
        return ends.length;
    }

    public String get(int i) {
        int start = start(i);
        return new String(bytes, start, ends[i] - start, StandardCharsets.UTF_8);
    }

    /** Texts {@code [first, end)}, copied. */
    public Texts slice(int first, int end) {
        int start = first == 0 ? 0 : ends[first - 1];
        int[] sliced = new int[end - first];
        for (int i = first; i < end; i++) {
            sliced[i - first] = ends[i] - start;
        }
        int stop = end == 0 ? 0 : ends[end - 1];
        return new Texts(Arrays.copyOfRange(bytes, start, Math.max(start, stop)), sliced);
    }

    private int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Appends texts, growing its arrays by doubling. */
    public static final class Builder {
        private byte[] bytes = new byte[256];
        private int[] ends = new int[32];
        private int size;
        private int length;

        public void add(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            add(utf8, 0, utf8.length);
        }

        public void add(byte[] source, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + count));
            }
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, 2 * size);
            }
            ends[size++] = length;
        }

        public int size() {
            return size;
        }

        public Texts build() {
            return new Texts(Arrays.copyOf(bytes, length), Arrays.copyOf(ends, size));
        }
    }
}
