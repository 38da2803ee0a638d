package ai.nodetool.testserver.internal.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as NodeTool's servers write them. Stored timestamps may come in either form; a
 * {@link Dialect} shows them as Python's {@code datetime.isoformat()} of a naive UTC time
 * ({@code 2026-01-15T09:30:00.000000}) or as JavaScript's {@code toISOString()}
 * ({@code 2026-01-15T09:30:00.000Z}).
 */
public final class Timestamps {
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter JAVASCRIPT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Timestamps() {}

    /** Parses an ISO-8601 time with or without offset (naive times are UTC); null when unparseable. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Python's {@code datetime.isoformat()} of the naive UTC time, microsecond precision. */
    public static String python(Instant instant) {
        return PYTHON.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** JavaScript's {@code Date.toISOString()}: UTC, millisecond precision, {@code Z}. */
    public static String javascript(Instant instant) {
        return JAVASCRIPT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * Now, but strictly after {@code previous} at millisecond precision, so that every save changes the
     * {@code updated_at} a Gen C client compares in {@code expected_updated_at} (protocol-notes §4.3).
     */
    public static Instant after(String previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant before = parse(previous);
        if (before != null && !now.isAfter(before.truncatedTo(ChronoUnit.MILLIS))) {
            now = before.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        }
        return now;
    }
}
