package dev.seqtrain.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tune}: a hyperparameter search over job keys, with successive halving.
 *
 * @param trials        configurations sampled from the space
 * @param rungs         epochs each surviving trial has trained after each rung, rising: after a rung the
 *                      best {@code 1/eta} of the trials go on to the next
 * @param eta           how many trials of a rung make one of the next
 * @param maxTime       no rung starts after this much time; zero for no limit
 * @param mode          how trials run: one per worker core, or one after another over every worker
 * @param parallelMaxMb in {@code auto} mode, trials run in parallel when the prepared examples take at
 *                      most this many megabytes (each worker holds a copy)
 * @param space         the keys searched, sorted by key
 */
public record TuneConfig(int trials, List<Integer> rungs, int eta, Duration maxTime, Mode mode, int parallelMaxMb,
                         List<Dimension> space) {
    public TuneConfig {
        rungs = List.copyOf(rungs);
        space = List.copyOf(space);
    }

    public enum Mode {
        /** Parallel when the prepared examples fit {@code parallel-max-mb}, else averaging. */
        AUTO,
        /** Each trial trains on one worker core, on that worker's copy of the examples. */
        PARALLEL,
        /** Trials one after another, each parameter-averaged over every worker. */
        AVERAGING;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One searched key: a list of values to choose from, or a range (whole numbers when {@code whole},
     * sampled evenly in the logarithm when {@code log}).
     */
    public record Dimension(String key, List<String> choices, double min, double max, boolean log, boolean whole) {
        public Dimension {
            choices = choices == null ? List.of() : List.copyOf(choices);
        }

        static Dimension choice(String key, List<String> values) {
            return new Dimension(key, values, Double.NaN, Double.NaN, false, false);
        }

        static Dimension range(String key, double min, double max, boolean log, boolean whole) {
            return new Dimension(key, List.of(), min, max, log, whole);
        }

        /** The value at {@code u} in [0, 1): a choice by index, or a point of the range. */
        String at(double u) {
            if (!choices.isEmpty()) {
                return choices.get(Math.min(choices.size() - 1, (int) (u * choices.size())));
            }
            double value = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
            if (whole) {
                return String.valueOf(Math.max((long) Math.ceil(min), Math.min((long) Math.floor(max), Math.round(value))));
            }
            return String.format(Locale.ROOT, "%.4g", value);
        }
    }

    /**
     * {@code count} points of the space, as {@code key -> value} overrides: a Halton sequence (bases 2, 3,
     * 5, ... per key, shifted by the seed), so few trials still cover every key's range evenly and a
     * seed gives the same trials.
     */
    public List<Map<String, String>> sample(int count, long seed) {
        List<Map<String, String>> trials = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            Map<String, String> trial = new LinkedHashMap<>();
            for (int d = 0; d < space.size(); d++) {
                int base = prime(d);
                double shift = Math.floorMod(seed * 0x9E3779B97F4A7C15L + d, 1_000_003L) / 1_000_003.0;
                trial.put(space.get(d).key(), space.get(d).at((halton(t + 1, base) + shift) % 1.0));
            }
            trials.add(trial);
        }
        return trials;
    }

    /** The {@code n}-th prime, from 0: each key its own base, so no two keys move together. */
    static int prime(int n) {
        int candidate = 1;
        for (int found = -1; found < n; ) {
            candidate++;
            boolean isPrime = true;
            for (int d = 2; d * d <= candidate && isPrime; d++) {
                isPrime = candidate % d != 0;
            }
            if (isPrime) {
                found++;
            }
        }
        return candidate;
    }

    /** The {@code index}-th point of the van der Corput sequence in {@code base}. */
    static double halton(int index, int base) {
        double result = 0;
        double fraction = 1.0 / base;
        for (int i = index; i > 0; i /= base) {
            result += fraction * (i % base);
            fraction /= base;
        }
        return result;
    }
}
