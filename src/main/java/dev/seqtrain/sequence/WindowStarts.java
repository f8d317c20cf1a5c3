package dev.seqtrain.sequence;


import java.io.Serializable;
import java.util.function.LongConsumer;

/**
 * Which rows start a window, over all series at once. A training window lies wholly in its series'
 * training part (inputs and target); a validation window wholly in the validation part; a scoring
 * window needs only its inputs to exist, so the last ones forecast past the data. Windows never
 * cross series, and strides count from the start of each part.
 */
public final class WindowStarts implements Serializable {
    private final SeriesLayout layout;
    private final int length;
    private final int stride;
    private final int horizon;
    /** With a random-window split, the fraction of windows that validate; otherwise negative. */
    private final double randomValidation;
    private final long seed;

    public WindowStarts(SeriesLayout layout, WindowShape window) {
        this(layout, window, -1, 0);
    }

    private WindowStarts(SeriesLayout layout, WindowShape window, double randomValidation, long seed) {
        this.layout = layout;
        this.length = window.length();
        this.stride = window.stride();
        this.horizon = window.horizon();
        this.randomValidation = randomValidation;
        this.seed = seed;
    }

    /** The windows a job's split asks for: parts in time, by series, or (when asked) random windows. */
    public static WindowStarts forSplit(SeriesLayout layout, WindowShape window, Split split, long seed) {
        return split.randomWindows() ? new WindowStarts(layout, window, split.validationFraction(), seed)
                : new WindowStarts(layout, window);
    }

    /** Whether a window that fits its series validates under a random-window split: a stable hash of its start. */
    private boolean validates(long start) {
        long hash = (start * 0x9E3779B97F4A7C15L) ^ seed;
        hash ^= hash >>> 29;
        hash *= 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 32;
        return Math.floorMod(hash, 1_000_000L) < Math.round(randomValidation * 1_000_000);
    }

    public SeriesLayout layout() {
        return layout;
    }

    public int length() {
        return length;
    }

    public int horizon() {
        return horizon;
    }

    /** Rows from a window's first input step to its target. */
    public int span() {
        return length + horizon;
    }

    /** Calls {@code action} with every start in {@code [from, to)} of {@code part}, in order. */
    public void forEach(long from, long to, WindowPart part, LongConsumer action) {
        if (layout.seriesCount() == 0 || from >= to) {
            return;
        }
        if (randomValidation >= 0 && part != WindowPart.ALL) {
            boolean validation = part == WindowPart.VALIDATION;
            forEachFitting(from, to, start -> {
                if (validates(start) == validation) {
                    action.accept(start);
                }
            });
            return;
        }
        for (int s = layout.seriesAt(from); s < layout.seriesCount() && layout.start(s) < to; s++) {
            long first = firstStart(s, part);
            long last = lastStart(s, part);
            if (last < first) {
                continue;
            }
            long begin = Math.max(first, from);
            begin = first + ceilDiv(begin - first, stride) * stride;
            for (long start = begin; start <= last && start < to; start += stride) {
                action.accept(start);
            }
        }
    }

    /** Every start whose window, target included, fits its series. */
    private void forEachFitting(long from, long to, LongConsumer action) {
        for (int s = layout.seriesAt(from); s < layout.seriesCount() && layout.start(s) < to; s++) {
            long first = layout.start(s);
            long begin = first + ceilDiv(Math.max(first, from) - first, stride) * stride;
            for (long start = begin; start <= layout.end(s) - span() && start < to; start += stride) {
                action.accept(start);
            }
        }
    }

    /** How many starts {@link #forEach} visits, computed per series rather than per row where it can be. */
    public long count(long from, long to, WindowPart part) {
        if (layout.seriesCount() == 0 || from >= to) {
            return 0;
        }
        if (randomValidation >= 0 && part != WindowPart.ALL) {
            long[] count = new long[1];
            forEach(from, to, part, start -> count[0]++);
            return count[0];
        }
        long count = 0;
        for (int s = layout.seriesAt(from); s < layout.seriesCount() && layout.start(s) < to; s++) {
            long first = firstStart(s, part);
            long last = Math.min(lastStart(s, part), to - 1);
            if (last < first) {
                continue;
            }
            long begin = first + ceilDiv(Math.max(first, from) - first, stride) * stride;
            if (begin <= last) {
                count += (last - begin) / stride + 1;
            }
        }
        return count;
    }

    private long firstStart(int s, WindowPart part) {
        return part == WindowPart.VALIDATION ? layout.validationStart(s) : layout.start(s);
    }

    /** The last start whose window fits the part; less than the first start when none does. */
    private long lastStart(int s, WindowPart part) {
        return switch (part) {
            case TRAIN -> layout.start(s) + layout.trainRows(s) - span();
            case VALIDATION -> layout.end(s) - span();
            case ALL -> layout.end(s) - length;
        };
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
