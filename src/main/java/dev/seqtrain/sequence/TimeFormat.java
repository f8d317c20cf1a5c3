package dev.seqtrain.sequence;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * A time column's text, written from its value as a number only when a message needs it, the way
 * Spark casts the column to a string: a reader then need not make a string per row. A plain class:
 * Spark's Kryo cannot serialise records.
 */
public final class TimeFormat implements Serializable {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private enum Kind { WHOLE, DECIMAL, TIMESTAMP, DATE }

    private final Kind kind;
    private final String zone;

    private TimeFormat(Kind kind, String zone) {
        this.kind = kind;
        this.zone = zone;
    }

    /** Integer and long columns. */
    public static TimeFormat whole() {
        return new TimeFormat(Kind.WHOLE, null);
    }

    /** Double columns. */
    public static TimeFormat decimal() {
        return new TimeFormat(Kind.DECIMAL, null);
    }

    /** Timestamps as seconds since the epoch, written in {@code zone} (Spark's session time zone). */
    public static TimeFormat timestamp(String zone) {
        return new TimeFormat(Kind.TIMESTAMP, zone);
    }

    /** Dates as the seconds since the epoch of their midnight in {@code zone}. */
    public static TimeFormat date(String zone) {
        return new TimeFormat(Kind.DATE, zone);
    }

    public String text(double value) {
        return switch (kind) {
            case WHOLE -> Long.toString((long) value);
            case DECIMAL -> Double.toString(value);
            case TIMESTAMP, DATE -> {
                LocalDateTime time = LocalDateTime.ofInstant(
                        Instant.EPOCH.plus(Math.round(value * 1e6), ChronoUnit.MICROS), ZoneId.of(zone));
                if (kind == Kind.DATE) {
                    yield time.toLocalDate().toString();
                }
                String text = time.format(SECONDS);
                if (time.getNano() == 0) {
                    yield text;
                }
                String fraction = String.format("%06d", time.getNano() / 1000).replaceAll("0+$", "");
                yield text + "." + fraction;
            }
        };
    }
}
