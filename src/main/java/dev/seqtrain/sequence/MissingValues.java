package dev.seqtrain.sequence;

import java.io.Serializable;
import java.util.Locale;

/**
 * What to do with a missing value (an empty field). {@code fail}: the read fails naming file and
 * line. {@code drop-window}: every window that needs the value is skipped and counted.
 * {@code forward-fill}: the last earlier value of the same series. {@code interpolate}: linear
 * between the nearest values before and after in the same series. Values that cannot be filled (at
 * a series' start, or its end for interpolation) stay missing, and their windows are skipped.
 */
public enum MissingValues {
    FAIL, DROP_WINDOW, FORWARD_FILL, INTERPOLATE;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MissingValues of(String key) {
        for (MissingValues policy : values()) {
            if (policy.key().equals(key)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown missing-value policy '" + key + "'");
    }

    public boolean fills() {
        return this == FORWARD_FILL || this == INTERPOLATE;
    }

    /**
     * The last valid value of a column before a chunk, or the first after it: row number and value.
     * A plain class: Spark's Kryo cannot serialise records.
     */
    public static final class Anchor implements Serializable {
        public static final Anchor NONE = new Anchor(-1, Double.NaN);
        private final long row;
        private final double value;

        public Anchor(long row, double value) {
            this.row = row;
            this.value = value;
        }

        public long row() {
            return row;
        }

        public double value() {
            return value;
        }

        public boolean exists() {
            return row >= 0;
        }
    }
}
