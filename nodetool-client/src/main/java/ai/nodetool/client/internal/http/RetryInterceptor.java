package ai.nodetool.client.internal.http;

import ai.nodetool.client.core.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Retries idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS) on connect failures (refused,
 * unreachable, or a connect timeout, which {@link ExchangePhaseInterceptor} tells apart), on a
 * connection that broke before the response came (a pooled connection the server had dropped: the
 * first such retry is immediate), and on 408, 429 and 5xx (except 501, which no retry fixes). POSTs
 * are never retried, here or inside OkHttp (its own {@code retryOnConnectionFailure} is off and
 * {@link NoReplayGuard} blocks its 503 follow-up): a POST may start a run, and running a workflow
 * twice is worse than reporting a failure.
 *
 * <p>The delay is the server's {@code Retry-After} (seconds or HTTP date) when present, else
 * exponential backoff (0.5 s, 1 s, 2 s … capped at 8 s) with up to 25% random jitter. A
 * {@code Retry-After} longer than {@link #MAX_RETRY_AFTER} is not waited for: the response is
 * returned and becomes a {@code RateLimitException} carrying {@code retryAfter()}.
 *
 * <p>The retry limit is the client's, or that of the request's {@link CallSettings} tag (per-call
 * options).
 */
public final class RetryInterceptor implements Interceptor {
    private static final System.Logger LOG = System.getLogger(ObservingInterceptor.LOGGER);
    /** Longest {@code Retry-After} the client waits for on its own. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

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
        boolean retryable = NoReplayGuard.IDEMPOTENT.contains(request.method());
        CallSettings perCall = request.tag(CallSettings.class);
        int maxRetries = perCall == null ? this.maxRetries : perCall.maxRetries();
        for (int attempt = 0; ; attempt++) {
            Response response;
            try {
                response = NoReplayGuard.restore(chain.proceed(request));
            } catch (IOException e) {
                if (!retryable || attempt >= maxRetries || chain.call().isCanceled()) {
                    throw e;
                }
                Duration delay;
                if (isConnectFailure(e)) {
                    delay = backoff(attempt);
                } else if (isBrokenConnection(e)) {
                    // OkHttp's retryOnConnectionFailure is off (it would re-send POSTs too): a
                    // stale pooled connection is the usual cause, so the first retry is at once.
                    delay = attempt == 0 ? Duration.ZERO : backoff(attempt - 1);
                } else {
                    throw e;
                }
                retrying(request, attempt + 1, delay, 0, e);
                sleep(delay, chain);
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
            retrying(request, attempt + 1, delay, response.code(), null);
            sleep(delay, chain);
        }
    }

    /** Reports a retry to the log ({@code ai.nodetool.client.http}, INFO) and to the call's listener. */
    private static void retrying(Request request, int retry, Duration delay, int status, IOException failure) {
        LOG.log(
                System.Logger.Level.INFO,
                () -> "Retrying " + request.method() + " "
                        + ai.nodetool.client.internal.events.Routes.withoutQuery(request.url()) + " (retry " + retry
                        + ") in " + delay.toMillis() + " ms after "
                        + (status > 0 ? "HTTP " + status : String.valueOf(failure)));
        CallObservation observation = request.tag(CallObservation.class);
        if (observation != null) {
            observation.retry(retry, delay, status, failure);
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

    /**
     * @param e a failure after connecting
     * @return true when the connection broke (reset, closed, stream ended) rather than timed out,
     *     failed TLS, or was refused by the protocol: a new connection may well succeed
     */
    static boolean isBrokenConnection(IOException e) {
        return !(e instanceof InterruptedIOException)
                && !(e instanceof UnknownHostException)
                && !(e instanceof SSLException)
                && !(e instanceof ProtocolException);
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
