package ai.nodetool.client.events;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One retry of an HTTP call: which one, why, and how long the client waits before it.
 *
 * @param attempt the number of the retry, 1 for the first (the call's second attempt)
 * @param delay how long the client waits before the retry (the server's {@code Retry-After}, or backoff)
 * @param statusCode the status of the response that is retried (408, 429, 5xx), or 0 when the attempt failed
 *     without a response
 * @param failure the failure of the attempt when it had no response, else null
 */
public record RetryInfo(int attempt, Duration delay, int statusCode, IOException failure) {
    /**
     * @param attempt the number of the retry, from 1
     * @param delay the wait before it, not negative
     * @param statusCode the retried status, or 0
     * @param failure the failure, or null
     */
    public RetryInfo {
        Objects.requireNonNull(delay, "delay");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1");
        }
    }

    /** @return the failure of the attempt, when it had no response */
    public Optional<IOException> failureCause() {
        return Optional.ofNullable(failure);
    }

    /**
     * @return a short, low-cardinality reason: the status code ({@code "503"}) or the failure's simple class name
     *     ({@code "ConnectException"})
     */
    public String reason() {
        return statusCode > 0
                ? Integer.toString(statusCode)
                : failure == null ? "unknown" : failure.getClass().getSimpleName();
    }
}
