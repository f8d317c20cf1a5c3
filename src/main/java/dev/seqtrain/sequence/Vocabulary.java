package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The characters a character-level model knows, built from the training text only and saved with
 * the model. Index 0 stands for any character the training text never had, so validation text
 * cannot add classes the model was not built for. Most frequent characters come first.
 *
 * @param symbols the characters (one code point each) at indices 1..n
 * @param counts  how often each appeared in the training text, for the unigram baseline
 */
public record Vocabulary(List<String> symbols, long[] counts) implements Serializable {
    public static final int UNKNOWN = 0;

    public Vocabulary {
        symbols = List.copyOf(symbols);
        counts = counts.clone();
    }

    public static Vocabulary fromCounts(Map<Integer, Long> counts) {
        List<Map.Entry<Integer, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> symbols = new ArrayList<>();
        long[] frequencies = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            symbols.add(new String(Character.toChars(entries.get(i).getKey())));
            frequencies[i] = entries.get(i).getValue();
        }
        return new Vocabulary(symbols, frequencies);
    }

    /** Code point counts of {@code text}, to merge across documents before {@link #fromCounts}. */
    public static Map<Integer, Long> count(String text) {
        Map<Integer, Long> counts = new HashMap<>();
        text.codePoints().forEach(c -> counts.merge(c, 1L, Long::sum));
        return counts;
    }

    /** Classes a model predicts over: the symbols and the unknown class. */
    public int size() {
        return symbols.size() + 1;
    }

    public int[] encode(String text) {
        Map<Integer, Integer> index = index();
        return text.codePoints().map(c -> index.getOrDefault(c, UNKNOWN)).toArray();
    }

    public String decode(int[] indices) {
        StringBuilder text = new StringBuilder();
        for (int i : indices) {
            text.append(i == UNKNOWN ? "\uFFFD" : symbols.get(i - 1));
        }
        return text.toString();
    }

    /** Entropy of the training text's character distribution, in bits per character: the unigram baseline. */
    public double unigramBits() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double bits = 0;
        for (long count : counts) {
            double p = (double) count / total;
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    /**
     * Bits each symbol costs under the training text's character frequencies, add-one smoothed so that
     * a character it never had costs a finite amount: the unigram baseline on new text.
     */
    public double[] unigramBitsPerSymbol() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double[] bits = new double[size()];
        for (int i = 0; i < bits.length; i++) {
            long count = i == UNKNOWN ? 0 : counts[i - 1];
            bits[i] = -Math.log((count + 1.0) / (total + bits.length)) / Math.log(2);
        }
        return bits;
    }

    private Map<Integer, Integer> index() {
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            index.put(symbols.get(i).codePointAt(0), i + 1);
        }
        return index;
    }
}
