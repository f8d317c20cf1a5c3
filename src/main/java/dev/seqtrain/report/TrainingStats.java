package dev.seqtrain.report;

import dev.seqtrain.storage.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where an epoch's time went, round by round ({@code training.collect-stats}): the broadcast of the
 * averaged state, each worker's fitting, the wait for the slowest worker and the driver's averaging.
 * Written as {@code training-stats/epoch-<n>.json}; one log line sums it up.
 */
public final class TrainingStats {
    /** One worker's part of a round. */
    public record Worker(int partition, int minibatches, long examples, double fitSeconds) implements Serializable {
    }

    /** One averaging round; {@code roundSeconds} is its wall time from the broadcast to the averaged result. */
    public record Round(int round, double broadcastSeconds, double roundSeconds, double averageSeconds,
                        List<Worker> workers) {
    }

    private final int epoch;
    private final List<Round> rounds = new ArrayList<>();

    public TrainingStats(int epoch) {
        this.epoch = epoch;
    }

    public void add(int round, double broadcastSeconds, double roundSeconds, double averageSeconds,
                    List<Worker> workers) {
        List<Worker> sorted = new ArrayList<>(workers);
        sorted.sort(Comparator.comparingInt(Worker::partition));
        rounds.add(new Round(round, broadcastSeconds, roundSeconds, averageSeconds, List.copyOf(sorted)));
    }

    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /**
     * One line: the epoch's fit time split into broadcasting, the slowest worker's fitting in each round,
     * Spark's share around it (scheduling, moving results, waiting) and the driver's averaging.
     */
    public String summary(double fitSeconds) {
        double broadcast = 0;
        double slowest = 0;
        double rounds = 0;
        double average = 0;
        for (Round round : this.rounds) {
            broadcast += round.broadcastSeconds();
            rounds += round.roundSeconds();
            average += round.averageSeconds();
            slowest += round.workers().stream().mapToDouble(Worker::fitSeconds).max().orElse(0);
        }
        return String.format(Locale.ROOT, "epoch %d, fit %.2fs in %d rounds: broadcast %.2fs, slowest worker fitting "
                        + "%.2fs, Spark around it %.2fs, averaging %.2fs", epoch, fitSeconds, this.rounds.size(), broadcast,
                slowest, Math.max(0, rounds - broadcast - slowest), average);
    }

    public String json() {
        return Json.write(new Epoch(epoch, rounds));
    }

    private record Epoch(int epoch, List<Round> rounds) {
    }
}
