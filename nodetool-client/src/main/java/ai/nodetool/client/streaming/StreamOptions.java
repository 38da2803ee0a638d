package ai.nodetool.client.streaming;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-call options of a streamed run ({@code workflows().stream(id, params, options)},
 * {@code worker().stream(id, params, options)}). An option left unset takes the client's default
 * ({@code NodeToolClient.Builder#streamIdleTimeout}, {@code NodeToolClient.Builder#maxLineBytes}).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * JobStream stream = client.workflows().stream(id, params,
 *         StreamOptions.builder().idleTimeout(Duration.ofMinutes(30)).build());
 * }</pre>
 */
public final class StreamOptions {
    private static final StreamOptions DEFAULTS = new Builder().build();

    private final Duration idleTimeout;
    private final Integer maxLineBytes;

    private StreamOptions(Builder b) {
        this.idleTimeout = b.idleTimeout;
        this.maxLineBytes = b.maxLineBytes;
    }

    /** @return options that all take the client's defaults */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.idleTimeout = idleTimeout;
        b.maxLineBytes = maxLineBytes;
        return b;
    }

    /**
     * @return the idle timeout for this call ({@link Duration#ZERO} = none), or empty for the
     *     client's default
     */
    public Optional<Duration> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    /** @return the longest accepted NDJSON line / SSE event in bytes, or empty for the client's default */
    public OptionalInt maxLineBytes() {
        return maxLineBytes == null ? OptionalInt.empty() : OptionalInt.of(maxLineBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamOptions
                && Objects.equals(idleTimeout, ((StreamOptions) o).idleTimeout)
                && Objects.equals(maxLineBytes, ((StreamOptions) o).maxLineBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idleTimeout, maxLineBytes);
    }

    @Override
    public String toString() {
        return "StreamOptions{idleTimeout=" + (idleTimeout == null ? "<client default>" : idleTimeout)
                + ", maxLineBytes=" + (maxLineBytes == null ? "<client default>" : maxLineBytes) + "}";
    }

    /** Builder for {@link StreamOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration idleTimeout;
        private Integer maxLineBytes;

        private Builder() {}

        /**
         * @param timeout fail the stream with a {@code NodeToolTimeoutException} of kind
         *     {@code IDLE} when no byte arrives for this long while the stream waits on the server
         *     (a subscriber that requests nothing never times out); {@link Duration#ZERO} disables it
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder idleTimeout(Duration timeout) {
            if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative: " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * @param bytes the longest accepted NDJSON line or SSE event (and Gen C's single JSON
         *     answer), at least 1; a longer one ends the stream with a
         *     {@code NodeToolProtocolException} ("oversize")
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxLineBytes(int bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("maxLineBytes out of range: " + bytes);
            }
            this.maxLineBytes = bytes;
            return this;
        }

        /** @return the options */
        public StreamOptions build() {
            return new StreamOptions(this);
        }
    }
}
