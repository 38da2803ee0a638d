package ai.nodetool.client.internal.http;

import ai.nodetool.client.core.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.DoubleSupplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS) on connect failures (refused,
 * unreachable, or a connect timeout, which {@link ExchangePhaseInterceptor} tells apart) and on 408,
 * 429 and 5xx (except 501, which no retry fixes). POSTs are never retried: a POST may start a
 * run, and running a workflow twice is worse than reporting a failure.
 *
 * <p>The delay is the server's {@code Retry-After} (seconds or HTTP date) when present, else
 * exponential backoff (0.5 s, 1 s, 2 s … capped at 8 s) with up to 25% random jitter. A
 * {@code Retry-After} longer than {@link #MAX_RETRY_AFTER} is not waited for: the response is
 * returned and becomes a {@code RateLimitException} carrying {@code retryAfter()}.
 */
public final class RetryInterceptor implements Interceptor {
    /** Longest {@code Retry-After} the client waits for on its own. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");
    private static final Duration BASE = Duration.ofMillis(500);
    private static final Duration CAP = Duration.ofSeconds(8);

    private final int maxRetries;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;

    /**
     * @param maxRetries retries after the first attempt (0 disables retrying)
     * @param sleeper how to wait between attempts
     * @param clock used to turn a {@code Retry-After} HTTP date into a delay
     * @param random jitter source returning values in [0, 1)
     */
    public RetryInterceptor(int maxRetries, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean retryable = IDEMPOTENT.contains(request.method());
        for (int attempt = 0; ; attempt++) {
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (!retryable || attempt >= maxRetries || chain.call().isCanceled() || !isConnectFailure(e)) {
                    throw e;
                }
                sleep(backoff(attempt), chain);
                continue;
            }
            if (!retryable || attempt >= maxRetries || !isRetryableStatus(response.code())) {
                return response;
            }
            Duration delay = retryAfter(response.header("Retry-After"), clock);
            if (delay == null) {
                delay = backoff(attempt);
            } else if (delay.compareTo(MAX_RETRY_AFTER) > 0) {
                return response;
            }
            response.close();
            sleep(delay, chain);
        }
    }

    static boolean isRetryableStatus(int code) {
        return code == 408 || code == 429 || (code >= 500 && code <= 599 && code != 501);
    }

    static boolean isConnectFailure(IOException e) {
        return e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || ExchangePhaseInterceptor.isConnectTimeout(e);
    }

    private Duration backoff(int attempt) {
        long base = BASE.toMillis() << Math.min(attempt, 10);
        long capped = Math.min(base, CAP.toMillis());
        long jitter = (long) (capped * 0.25 * random.getAsDouble());
        return Duration.ofMillis(capped - jitter);
    }

    private void sleep(Duration delay, Chain chain) throws IOException {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
        if (chain.call().isCanceled()) {
            throw new IOException("Canceled");
        }
    }

    /**
     * Parses a {@code Retry-After} value: delta seconds (fractions allowed) or an HTTP date.
     *
     * @param value header value, may be null
     * @param clock the current time for HTTP dates
     * @return the delay (never negative), or null when absent or unparsable
     */
    public static Duration retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return null;
            }
            return Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
