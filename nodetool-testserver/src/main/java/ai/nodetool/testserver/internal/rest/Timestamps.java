package ai.nodetool.testserver.internal.rest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Workflow timestamps per generation. Stored timestamps may come in either form; they are shown as
 * Gen A's Python {@code datetime.isoformat()} of a naive UTC time ({@code 2026-01-15T09:30:00.000000})
 * or as Gen C's JavaScript {@code toISOString()} ({@code 2026-01-15T09:30:00.000Z}).
 */
final class Timestamps {
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter JAVASCRIPT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Timestamps() {}

    /** Parses an ISO-8601 time with or without offset (naive times are UTC); null when unparseable. */
    static Instant parse(String text) {
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

    static String format(Instant instant, boolean legacy) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        return legacy ? PYTHON.format(utc) : JAVASCRIPT.format(utc);
    }

    /** A stored timestamp shown per generation; text that does not parse is shown as it is. */
    static String show(String stored, boolean legacy) {
        Instant instant = parse(stored);
        return instant == null ? stored : format(instant, legacy);
    }

    /**
     * Now, but strictly after {@code previous} at millisecond precision, so that every save changes the
     * {@code updated_at} a Gen C client compares in {@code expected_updated_at} (section 2.2).
     */
    static Instant after(String previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant before = parse(previous);
        if (before != null && !now.isAfter(before.truncatedTo(ChronoUnit.MILLIS))) {
            now = before.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        }
        return now;
    }
}
