package dev.seqtrain.sequence;

import dev.seqtrain.config.WindowConfig;

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

    public WindowStarts(SeriesLayout layout, WindowConfig window) {
        this.layout = layout;
        this.length = window.length();
        this.stride = window.stride();
        this.horizon = window.horizon();
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

    /** How many starts {@link #forEach} visits, computed per series rather than per row. */
    public long count(long from, long to, WindowPart part) {
        if (layout.seriesCount() == 0 || from >= to) {
            return 0;
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
