package dev.seqtrain.train;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Successive halving's promotion rule: after a rung, the best {@code ceil(n / eta)} of the trials that
 * finished it go on (at least one while any finished); a failed trial never does.
 */
public final class SuccessiveHalving {
    private SuccessiveHalving() {
    }

    /**
     * @param objectives each trial's objective after the rung (lower is better), NaN for a failed trial
     * @return the indices of the trials that go on, best first
     */
    public static List<Integer> promote(List<Double> objectives, int eta) {
        List<Integer> finished = IntStream.range(0, objectives.size()).filter(i -> !objectives.get(i).isNaN())
                .boxed().sorted(Comparator.comparingDouble(objectives::get)).toList();
        int keep = (int) Math.ceil((double) objectives.size() / eta);
        return finished.subList(0, Math.min(finished.size(), Math.max(1, keep)));
    }
}
