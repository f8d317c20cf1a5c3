package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * Cuts the windows that start in one chunk. The last windows reach into the next chunk, whose first
 * {@code span - 1} rows arrive as {@code halo}; so a chunked series yields exactly the windows of
 * the whole one, in the same order. Windows with a missing value are skipped and counted.
 */
public final class ChunkWindows implements Serializable {
    private final WindowStarts starts;
    private final int[] features;
    private final int target;
    private final Normalizer normalizer;

    /**
     * @param features columns (of the chunk's rows) fed to the network, in order
     * @param target   the target column
     */
    public ChunkWindows(WindowStarts starts, int[] features, int target, Normalizer normalizer) {
        this.starts = starts;
        this.features = features.clone();
        this.target = target;
        this.normalizer = normalizer;
    }

    /** Windows skipped because a value they need is missing. */
    public static final class Skipped implements Serializable {
        private long count;

        public long count() {
            return count;
        }
    }

    /**
     * @param halo the rows after the chunk (empty at the very end); at least {@code span - 1} of them
     *             unless the data ends sooner
     */
    public void cut(Chunk chunk, Chunk halo, WindowPart part, Consumer<ForecastWindow> out, Skipped skipped) {
        Rows rows = new Rows(chunk, halo);
        SeriesLayout layout = starts.layout();
        int length = starts.length();
        double[] shift = new double[features.length];
        double[] inverseScale = new double[features.length];
        for (int f = 0; f < features.length; f++) {
            shift[f] = normalizer.shift()[features[f]];
            inverseScale[f] = 1.0 / normalizer.scale()[features[f]];
        }
        double targetShift = normalizer.shift()[target];
        double targetScale = normalizer.scale()[target];
        double[][] own = chunk.values();
        starts.forEach(chunk.from(), chunk.to(), part, start -> {
            float[][] inputs = new float[features.length][length];
            boolean missing = false;
            int offset = (int) (start - chunk.from());
            for (int s = 0; s < length; s++) {
                // Most windows lie inside the chunk; only the last ones read the halo.
                double[] row = offset + s < own.length ? own[offset + s] : rows.get(start + s);
                for (int f = 0; f < features.length; f++) {
                    double value = row[features[f]];
                    missing |= value != value;
                    inputs[f][s] = (float) ((value - shift[f]) * inverseScale[f]);
                }
            }
            int series = layout.seriesAt(start);
            long lastRow = start + length - 1;
            long targetRow = lastRow + starts.horizon();
            boolean targetExists = targetRow < layout.end(series);
            double targetValue = targetExists ? rows.get(targetRow)[target] : Double.NaN;
            double lastObserved = rows.get(lastRow)[target];
            if (missing || Double.isNaN(lastObserved) || (targetExists && Double.isNaN(targetValue))) {
                skipped.count++;
                return;
            }
            out.accept(new ForecastWindow(series, start, inputs, (float) ((targetValue - targetShift) / targetScale),
                    targetValue, lastObserved, targetRow - layout.start(series),
                    targetExists ? rows.time(targetRow) : null));
        });
    }

    /** A chunk followed by its halo, addressed by row number. */
    private record Rows(Chunk chunk, Chunk halo) {
        double[] get(long index) {
            long offset = index - chunk.from();
            return offset < chunk.rows() ? chunk.values()[(int) offset] : halo.values()[(int) (offset - chunk.rows())];
        }

        String time(long index) {
            long offset = index - chunk.from();
            if (offset < chunk.rows()) {
                return chunk.times() == null ? null : chunk.times()[(int) offset];
            }
            return halo.times() == null ? null : halo.times()[(int) (offset - chunk.rows())];
        }
    }
}
