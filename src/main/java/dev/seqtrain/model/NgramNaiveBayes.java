package dev.seqtrain.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multinomial naive Bayes over a text's bag of word n-grams (lower-cased words, every 1..n-gram),
 * with add-one smoothing: the text classifier's baseline. N-grams never seen in training are
 * ignored when predicting, as a vectoriser fitted on the training texts would.
 */
public final class NgramNaiveBayes implements Serializable {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private final int n;
    private final double[] logPrior;
    private final Map<String, double[]> logLikelihood;

    public NgramNaiveBayes(Counts counts) {
        int classes = counts.texts.length;
        n = counts.n;
        long texts = 0;
        for (long t : counts.texts) {
            texts += t;
        }
        Set<String> vocabulary = new HashSet<>();
        counts.grams.forEach(byClass -> vocabulary.addAll(byClass.keySet()));
        logPrior = new double[classes];
        for (int c = 0; c < classes; c++) {
            logPrior[c] = Math.log((double) counts.texts[c] / texts);
        }
        logLikelihood = new HashMap<>();
        for (String gram : vocabulary) {
            double[] logs = new double[classes];
            for (int c = 0; c < classes; c++) {
                long count = counts.grams.get(c).getOrDefault(gram, 0L);
                logs[c] = Math.log((count + 1.0) / (counts.total[c] + vocabulary.size()));
            }
            logLikelihood.put(gram, logs);
        }
    }

    /** Each class's log posterior (up to a constant) for {@code text}. */
    public double[] logPosterior(String text) {
        double[] scores = logPrior.clone();
        for (String gram : ngrams(text, n)) {
            double[] logs = logLikelihood.get(gram);
            if (logs != null) {
                for (int c = 0; c < scores.length; c++) {
                    scores[c] += logs[c];
                }
            }
        }
        return scores;
    }

    public int predict(String text) {
        double[] scores = logPosterior(text);
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Every 1..n-gram of the text's lower-cased words, in order, repeats kept. */
    public static List<String> ngrams(String text, int n) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        List<String> grams = new ArrayList<>();
        for (int size = 1; size <= n; size++) {
            for (int i = 0; i + size <= words.size(); i++) {
                grams.add(String.join(" ", words.subList(i, i + size)));
            }
        }
        return grams;
    }

    /** Training counts, filled per partition and merged: texts and n-gram occurrences per class. */
    public static final class Counts implements Serializable {
        private final int n;
        private final long[] texts;
        private final long[] total;
        private final List<Map<String, Long>> grams;

        public Counts(int classes, int n) {
            this.n = n;
            texts = new long[classes];
            total = new long[classes];
            grams = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                grams.add(new HashMap<>());
            }
        }

        public Counts add(int label, String text) {
            texts[label]++;
            for (String gram : ngrams(text, n)) {
                grams.get(label).merge(gram, 1L, Long::sum);
                total[label]++;
            }
            return this;
        }

        /** The class with the most training texts (the first of equals). */
        public int commonestClass() {
            int commonest = 0;
            for (int c = 1; c < texts.length; c++) {
                commonest = texts[c] > texts[commonest] ? c : commonest;
            }
            return commonest;
        }

        public Counts merge(Counts other) {
            for (int c = 0; c < texts.length; c++) {
                texts[c] += other.texts[c];
                total[c] += other.total[c];
                Map<String, Long> mine = grams.get(c);
                other.grams.get(c).forEach((gram, count) -> mine.merge(gram, count, Long::sum));
            }
            return this;
        }
    }
}
