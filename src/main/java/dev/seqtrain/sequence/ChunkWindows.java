package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the windows that start in one chunk. The last windows reach into the next chunk, whose first
 * {@code span - 1} rows arrive as {@code halo}; so a chunked series yields exactly the windows of
 * the whole one, in the same order. Windows with a missing value are skipped and counted.
 */
public final class ChunkWindows implements Serializable {
    private final WindowStarts starts;
    private final int[] features;
    private final ForecastOutputs outputs;
    private final Normalizer normalizer;
    private final int seasonalPeriod;

    /**
     * @param features       columns (of the chunk's rows) fed to the network, in order
     * @param seasonalPeriod steps in one season, for the seasonal naive baseline; 0 for none
     */
    public ChunkWindows(WindowStarts starts, int[] features, ForecastOutputs outputs, Normalizer normalizer,
                        int seasonalPeriod) {
        this.starts = starts;
        this.features = features.clone();
        this.outputs = outputs;
        this.normalizer = normalizer;
        this.seasonalPeriod = seasonalPeriod;
    }

    /**
     * Rows before a window's first step that its seasonal naive forecast may read: the previous
     * chunk's tail of this many rows comes with each chunk.
     */
    public int lookback() {
        return seasonalPeriod;
    }

    /** A single-target, many-to-one cutter: what most forecasting jobs use. */
    public ChunkWindows(WindowStarts starts, int[] features, int target, Normalizer normalizer) {
        this(starts, features, new ForecastOutputs(List.of(normalizer.columns().get(target)), new int[]{target},
                starts.horizon(), false, false), normalizer, 0);
    }

    /** Windows skipped because a value they need is missing. */
    public static final class Skipped implements Serializable {
        private long count;

        public long count() {
            return count;
        }
    }

    /**
     * @param behind the previous chunk's last {@link #lookback()} rows (empty at the very start)
     * @param halo   the rows after the chunk (empty at the very end); at least {@code span - 1} of them
     *               unless the data ends sooner
     */
    public void cut(Chunk behind, Chunk chunk, Chunk halo, WindowPart part, Consumer<ForecastWindow> out,
                    Skipped skipped) {
        Rows rows = new Rows(behind, chunk, halo);
        SeriesLayout layout = starts.layout();
        int length = starts.length();
        double[] shift = new double[features.length];
        double[] inverseScale = new double[features.length];
        for (int f = 0; f < features.length; f++) {
            shift[f] = normalizer.shift()[features[f]];
            inverseScale[f] = 1.0 / normalizer.scale()[features[f]];
        }
        double[] own = chunk.values();
        int columns = chunk.columns();
        int ownRows = chunk.rows();
        starts.forEach(chunk.from(), chunk.to(), part, start -> {
            float[][] inputs = new float[features.length][length];
            boolean missing = false;
            int offset = (int) (start - chunk.from());
            for (int s = 0; s < length; s++) {
                // Most windows lie inside the chunk; only the last ones read the halo.
                boolean inside = offset + s < ownRows;
                int at = (offset + s) * columns;
                for (int f = 0; f < features.length; f++) {
                    double value = inside ? own[at + features[f]] : rows.get(start + s, features[f]);
                    missing |= value != value;
                    inputs[f][s] = (float) ((value - shift[f]) * inverseScale[f]);
                }
            }
            int series = layout.seriesAt(start);
            long lastRow = start + length - 1;
            long end = layout.end(series);
            int labelled = outputs.sequence() ? length : 1;
            float[][] labels = new float[outputs.count()][labelled];
            double[][] targets = new double[outputs.count()][labelled];
            double[][] persisted = new double[outputs.count()][labelled];
            double[][] history = new double[outputs.count()][length];
            double[] seasonal = new double[outputs.count()];
            for (int o = 0; o < outputs.count(); o++) {
                int column = outputs.column(o);
                for (int s = 0; s < length; s++) {
                    history[o][s] = rows.get(start + s, column);
                }
                seasonal[o] = Double.NaN;
                if (seasonalPeriod > 0) {
                    long source = SeasonalNaive.sourceRow(lastRow, outputs.stepsAhead(o), seasonalPeriod);
                    if (source >= layout.start(series)) {
                        seasonal[o] = rows.get(source, column);
                    }
                }
                double shiftValue = normalizer.shift()[column];
                double scaleValue = normalizer.scale()[column];
                for (int s = 0; s < labelled; s++) {
                    long from = outputs.sequence() ? start + s : lastRow;
                    long targetRow = from + outputs.stepsAhead(o);
                    boolean exists = targetRow < end;
                    double target = exists ? rows.get(targetRow, column) : Double.NaN;
                    double observed = rows.get(from, column);
                    missing |= Double.isNaN(observed) || (exists && Double.isNaN(target));
                    targets[o][s] = target;
                    persisted[o][s] = observed;
                    labels[o][s] = (float) ((target - shiftValue) / scaleValue);
                }
            }
            if (missing) {
                skipped.count++;
                return;
            }
            String[] aheadTimes = new String[starts.horizon()];
            for (int a = 1; a <= starts.horizon(); a++) {
                aheadTimes[a - 1] = lastRow + a < end ? rows.time(lastRow + a) : null;
            }
            out.accept(new ForecastWindow(series, start, inputs, labels, targets, persisted, history, seasonal,
                    lastRow - layout.start(series), aheadTimes));
        });
    }

    /** A chunk between the previous chunk's tail and the next one's head, addressed by row number. */
    private record Rows(Chunk behind, Chunk chunk, Chunk halo) {
        double get(long index, int column) {
            long offset = index - chunk.from();
            if (offset < 0) {
                return behind.value((int) (index - behind.from()), column);
            }
            return offset < chunk.rows() ? chunk.value((int) offset, column)
                    : halo.value((int) (offset - chunk.rows()), column);
        }

        String time(long index) {
            long offset = index - chunk.from();
            return offset < chunk.rows() ? chunk.time((int) offset) : halo.time((int) (offset - chunk.rows()));
        }
    }
}
