package dev.seqtrain.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NgramNaiveBayesTest {
    @Test
    void ngramsAreLowerCasedWordsThenPairs() {
        assertEquals(List.of("miss", "bennet's", "ball", "miss bennet's", "bennet's ball"),
                NgramNaiveBayes.ngrams("Miss Bennet's -- ball!", 2));
    }

    @Test
    void posteriorsEqualHandComputedSmoothedCounts() {
        // Class 0 saw "a a b" and "a"; class 1 saw "b c". Unigrams: vocabulary {a, b, c} (3).
        // Class 0: 4 grams (a:3, b:1); class 1: 2 grams (b:1, c:1). Priors 2/3 and 1/3.
        NgramNaiveBayes.Counts left = new NgramNaiveBayes.Counts(2, 1).add(0, "a a b");
        NgramNaiveBayes.Counts right = new NgramNaiveBayes.Counts(2, 1).add(0, "a").add(1, "b c");
        NgramNaiveBayes bayes = new NgramNaiveBayes(left.merge(right));
        assertEquals(0, left.commonestClass(), "two texts of class 0, one of class 1");

        // "a c d": d is unseen everywhere and ignored.
        double class0 = Math.log(2.0 / 3) + Math.log(4.0 / 7) + Math.log(1.0 / 7);
        double class1 = Math.log(1.0 / 3) + Math.log(1.0 / 5) + Math.log(2.0 / 5);
        assertArrayEquals(new double[]{class0, class1}, bayes.logPosterior("a c d"), 1e-12);
        assertEquals(class0 > class1 ? 0 : 1, bayes.predict("a c d"));
        assertEquals(1, bayes.predict("c c"));
        assertEquals(0, bayes.predict("a"));
    }
}
