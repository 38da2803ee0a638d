package ai.nodetool.client.core;

import ai.nodetool.client.events.NodeToolEventListener;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.HttpUrl;

/**
 * Per-call options, layered over the client's defaults ({@link ClientOptions}): a deadline for the
 * call, extra headers, another token, another retry limit, and another server. Every field is
 * optional; an unset field keeps the client's value (or the value of the view it is layered on).
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p>Options are applied through a view of a service, which takes them for every call it makes:
 *
 * <pre>{@code
 * RequestOptions quick = RequestOptions.builder()
 *         .timeout(Duration.ofSeconds(5))
 *         .header("X-Tenant", "acme")
 *         .maxRetries(0)
 *         .build();
 * Workflow w = client.workflows().withOptions(quick).get(id);
 * }</pre>
 *
 * A view is a few fields over the same client: it shares the client's connection pool, threads
 * and configuration, and costs nothing to create per call. Views of views merge: the later
 * options win field by field. {@code docs/production.md} ("Timeouts and retries per call",
 * "Several servers") describes each field with examples.
 *
 * <p>More fields may be added in later versions; code that builds options through the builder keeps
 * compiling and behaving the same.
 */
public final class RequestOptions {
    private static final RequestOptions NONE = new Builder().build();

    private final Duration timeout;
    private final Map<String, String> headers;
    private final String apiToken;
    private final Integer maxRetries;
    private final HttpUrl baseUrl;
    private final NodeToolEventListener eventListener;

    private RequestOptions(Builder b) {
        this.timeout = b.timeout;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.apiToken = b.apiToken;
        this.maxRetries = b.maxRetries;
        this.baseUrl = b.baseUrl;
        this.eventListener = b.eventListener;
    }

    /** @return options that change nothing */
    public static RequestOptions none() {
        return NONE;
    }

    /** @return a new, empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, to derive modified ones */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        b.headers.putAll(headers);
        b.apiToken = apiToken;
        b.maxRetries = maxRetries;
        b.baseUrl = baseUrl;
        b.eventListener = eventListener;
        return b;
    }

    /**
     * These options layered over {@code base}: every field set here wins, the others come from
     * {@code base}; headers are merged (a name set here replaces the same name in {@code base}).
     *
     * @param base the options underneath
     * @return the merged options
     */
    public RequestOptions over(RequestOptions base) {
        Objects.requireNonNull(base, "base");
        Builder b = base.toBuilder();
        if (timeout != null) {
            b.timeout = timeout;
        }
        headers.forEach(b::header);
        if (apiToken != null) {
            b.apiToken = apiToken;
        }
        if (maxRetries != null) {
            b.maxRetries = maxRetries;
        }
        if (baseUrl != null) {
            b.baseUrl = baseUrl;
        }
        if (eventListener != null) {
            b.eventListener = eventListener;
        }
        return b.build();
    }

    /**
     * @return the deadline of each call made with these options, if set: for a request/response
     *     call (get, list, create, a blocking run …) it covers the whole call, connecting, every
     *     retry and its wait, and reading the answer, and ends it with a
     *     {@code NodeToolTimeoutException} of kind {@code CALL}; for a streamed run, which has no
     *     natural end, it is the stream's idle timeout (the longest silence) unless
     *     {@code StreamOptions} sets one. Zero means no deadline.
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * @return extra headers sent on each call, replacing a client header of the same name; sent
     *     only to the server the call is bound to (never to another origin a redirect or a media
     *     URL leads to)
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @return the token sent instead of the client's, if set; a blank one sends no
     *     {@code Authorization} header
     */
    public Optional<String> apiToken() {
        return Optional.ofNullable(apiToken);
    }

    /**
     * @return the retry limit for idempotent calls instead of the client's, if set (0: one attempt
     *     only). Runs and creates are never retried, whatever this says.
     */
    public OptionalInt maxRetries() {
        return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    /**
     * @return another server's base URL, if set: the view sends its calls there (Editor and Worker
     *     API alike). The client's token and configured headers belong to the client's own server
     *     and are <b>not</b> sent to it; give the other server's token with
     *     {@link Builder#apiToken(String)} and its headers with {@link Builder#header(String, String)}
     */
    public Optional<HttpUrl> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /**
     * @return the listener of the calls and runs made with these options, if set: it replaces the client's
     *     {@code eventListener} for them (docs/production.md, "Metrics")
     */
    public Optional<NodeToolEventListener> eventListener() {
        return Optional.ofNullable(eventListener);
    }

    /** @return true when no field is set */
    public boolean isEmpty() {
        return timeout == null
                && headers.isEmpty()
                && apiToken == null
                && maxRetries == null
                && baseUrl == null
                && eventListener == null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RequestOptions)) {
            return false;
        }
        RequestOptions r = (RequestOptions) o;
        return Objects.equals(timeout, r.timeout)
                && headers.equals(r.headers)
                && Objects.equals(apiToken, r.apiToken)
                && Objects.equals(maxRetries, r.maxRetries)
                && Objects.equals(baseUrl, r.baseUrl)
                && Objects.equals(eventListener, r.eventListener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, headers, apiToken, maxRetries, baseUrl, eventListener);
    }

    /** @return the set fields; the token and header values are never shown */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RequestOptions{");
        if (timeout != null) {
            s.append("timeout=").append(timeout).append(", ");
        }
        if (!headers.isEmpty()) {
            s.append("headers=").append(headers.keySet()).append(", ");
        }
        if (apiToken != null) {
            s.append("apiToken=")
                    .append(apiToken.isBlank() ? "<none>" : "<set>")
                    .append(", ");
        }
        if (maxRetries != null) {
            s.append("maxRetries=").append(maxRetries).append(", ");
        }
        if (baseUrl != null) {
            s.append("baseUrl=").append(baseUrl).append(", ");
        }
        if (eventListener != null) {
            s.append("eventListener=").append(eventListener).append(", ");
        }
        if (s.charAt(s.length() - 1) == ' ') {
            s.setLength(s.length() - 2);
        }
        return s.append('}').toString();
    }

    /** Builder for {@link RequestOptions}. Not thread-safe; {@link #build()} may be called more than once. */
    public static final class Builder {
        private Duration timeout;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String apiToken;
        private Integer maxRetries;
        private HttpUrl baseUrl;
        private NodeToolEventListener eventListener;

        private Builder() {}

        /**
         * @param listener told of the calls and runs made with these options instead of the client's listener
         *     ({@code NodeToolEventListener.NONE} silences them); its exceptions are logged and ignored
         * @return this builder
         */
        public Builder eventListener(NodeToolEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param timeout the call's deadline (see {@link RequestOptions#timeout()}); zero for none
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * @param name header name
         * @param value header value
         * @return this builder
         * @throws IllegalArgumentException if the name or value cannot be sent in an HTTP header
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            okhttp3.Headers.of(name, value); // validates both, as OkHttp would when sending
            headers.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
            headers.put(name, value);
            return this;
        }

        /**
         * @param extra headers to add (see {@link #header(String, String)})
         * @return this builder
         */
        public Builder headers(Map<String, String> extra) {
            extra.forEach(this::header);
            return this;
        }

        /**
         * @param token the token to send instead of the client's ({@code Authorization: Bearer
         *     <token>}); blank to send none
         * @return this builder
         */
        public Builder apiToken(String token) {
            this.apiToken = Objects.requireNonNull(token, "token").trim();
            return this;
        }

        /**
         * @param retries retries after the first attempt for idempotent calls (0 disables them)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, got " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /**
         * @param url another NodeTool server's base URL, e.g. {@code https://eu.example.com/nodetool/}
         *     (see {@link RequestOptions#baseUrl()})
         * @return this builder
         * @throws IllegalArgumentException if it is not an http(s) URL
         */
        public Builder baseUrl(String url) {
            Objects.requireNonNull(url, "url");
            HttpUrl parsed = HttpUrl.parse(url.trim());
            if (parsed == null) {
                throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL, got '" + url + "'");
            }
            this.baseUrl = parsed;
            return this;
        }

        /** @return the options */
        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
