package ai.nodetool.client.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** 429 Too Many Requests. Thrown after the client's own retries are used up. */
public class RateLimitException extends NodeToolHttpException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message full exception message
     * @param statusCode the HTTP status (429)
     * @param headers response headers (names lower-case)
     * @param errorMessage the server's error text, or null
     * @param rawBody the response body as text
     * @param retryAfter the parsed {@code Retry-After} delay, or null if absent or unparsable
     */
    public RateLimitException(
            String message,
            int statusCode,
            Map<String, List<String>> headers,
            String errorMessage,
            String rawBody,
            Duration retryAfter) {
        super(message, statusCode, headers, errorMessage, rawBody);
        this.retryAfter = retryAfter;
    }

    /** @return how long the server asked the client to wait, when it said so */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
