package dev.seqtrain.sequence;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole preprocessing on one machine, in plain Java: sort, number, split, fill, normalise and
 * cut windows, all rows as one chunk. The reference the distributed path must equal, window for
 * window and in the same order; also the single-threaded arm of the windowing benchmark.
 */
public final class LocalWindows {
    private final SeriesLayout layout;
    private final Chunk all;
    private final Normalizer normalizer;
    private final ChunkWindows cutter;

    /**
     * What the reference needs of a forecast job.
     *
     * @param columns  the numeric columns each row holds, in order
     * @param timed    whether rows have a time column (else their position is their time)
     */
    public record Settings(List<String> columns, List<String> features, List<String> targets, boolean timed,
                           boolean numericTime, WindowShape window, Split split, MissingValues missingValues,
                           Normalizer.Method normalization, int seasonalPeriod, long seed) {
    }

    public LocalWindows(List<SeriesRow> rows, Settings job) {
        List<SeriesRow> sorted = new ArrayList<>(rows);
        sorted.sort(null);
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> beforeCutoff = new TreeMap<>();
        for (SeriesRow row : sorted) {
            counts.merge(row.series(), 1L, Long::sum);
            if (job.split().cutoff() != null && row.isBefore(job.split().cutoff(), job.numericTime())) {
                beforeCutoff.merge(row.series(), 1L, Long::sum);
            }
        }
        String[] ids = counts.keySet().toArray(String[]::new);
        this.layout = SeriesLayout.forSplit(job.split(), ids, counts.values().stream().mapToLong(Long::longValue).toArray(),
                Arrays.stream(ids).mapToLong(id -> beforeCutoff.getOrDefault(id, 0L)).toArray(), job.seed());
        double[][] values = new double[sorted.size()][];
        String[] times = new String[sorted.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = sorted.get(i).values().clone();
            times[i] = sorted.get(i).timeText();
        }
        this.all = new Chunk(0, values, job.timed() ? times : null);
        List<String> names = job.columns();
        new GapFiller(job.missingValues(), layout).fill(all, GapFiller.none(names.size()), GapFiller.none(names.size()));

        ColumnStats[] stats = ColumnStats.empty(names.size());
        for (int i = 0; i < values.length; i++) {
            if (layout.isTrainingRow(i)) {
                ColumnStats.addRow(stats, values[i]);
            }
        }
        this.normalizer = Normalizer.fit(job.normalization(), names, stats);
        this.cutter = new ChunkWindows(WindowStarts.forSplit(layout, job.window(), job.split(), job.seed()),
                job.features().stream().mapToInt(names::indexOf).toArray(),
                ForecastOutputs.of(job.targets(), names, job.window()), normalizer, job.seasonalPeriod());
    }

    public List<ForecastWindow> windows(WindowPart part) {
        List<ForecastWindow> windows = new ArrayList<>();
        cutter.cut(new Chunk(0, new double[0][], null), all, new Chunk(all.to(), new double[0][], null), part,
                windows::add, new ChunkWindows.Skipped());
        return windows;
    }

    public SeriesLayout layout() {
        return layout;
    }

    public Normalizer normalizer() {
        return normalizer;
    }
}
