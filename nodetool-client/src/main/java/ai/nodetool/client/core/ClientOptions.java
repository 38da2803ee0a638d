package ai.nodetool.client.core;

import ai.nodetool.client.events.NodeToolEventListener;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The complete, immutable configuration of a {@code NodeToolClient}: what its builder was given,
 * with the environment and the defaults already applied. Read it with {@code client.options()};
 * derive a modified copy with {@link #toBuilder()}.
 *
 * <p><b>Configuration from the environment.</b> Options not set on the builder are read by
 * {@link Builder#build()}, in this order, from the system property, then the environment variable:
 * <table>
 *   <caption>Environment settings</caption>
 *   <tr><th>Option</th><th>System property</th><th>Environment variable</th><th>Default</th></tr>
 *   <tr><td>base URL</td><td>{@code nodetool.api.url}</td><td>{@code NODETOOL_API_URL}</td>
 *       <td>{@code http://127.0.0.1:7777}</td></tr>
 *   <tr><td>worker URL</td><td>{@code nodetool.worker.url}</td><td>{@code NODETOOL_WORKER_URL}</td>
 *       <td>the base URL</td></tr>
 *   <tr><td>API token</td><td>{@code nodetool.api.token}</td><td>{@code NODETOOL_API_TOKEN}</td>
 *       <td>none (no Authorization header)</td></tr>
 * </table>
 * A system property may also use the environment name (e.g. {@code -DNODETOOL_API_URL=...}).
 *
 * <p>Thread-safe. The token never appears in {@link #toString()}.
 */
public final class ClientOptions {
    /** Default Editor API base URL. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7777";
    /** Default number of retries for idempotent calls. */
    public static final int DEFAULT_MAX_RETRIES = 2;
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default read timeout: long, because a blocking run answers only when the job ends. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(10);
    /** Default write timeout. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Default idle timeout of streamed runs: 5 minutes without a byte from the server (a node can
     * compute silently for a while; legacy streams have no heartbeat).
     */
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default longest NDJSON line / SSE event of a streamed run: 4 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
    /**
     * Default cap on a non-streamed response body, counted after decompression: 256 MiB. It is that high
     * so that a 50 MiB binary output sent inline as base64 (about 70 MB of JSON) completes with default
     * options: a JSON answer is parsed as it arrives and a base64 {@code data:} URI in it is decoded
     * straight into blocks, so the body is never held whole and the cap bounds time (a gzip bomb inflates
     * at most this much, then fails with {@link ai.nodetool.client.errors.ResponseTooLargeException}),
     * not memory. Other strings stay bounded by {@link #maxJsonStringLength()}, whose default does not
     * follow this one. A media download into a byte array ({@code NodeToolClient.download(AssetRef)}) is held
     * whole, so it may cost up to this much memory: download large media to a file, or lower the cap.
     *
     * @see Builder#maxResponseBytes(long)
     */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 256L * 1024 * 1024;
    /** Default longest body or frame the wire log writes, in characters: 4 KiB. */
    public static final int DEFAULT_WIRE_LOG_BODY_LIMIT = 4096;

    /** Jackson's own default string limit, the floor of {@link #maxJsonStringLength()}: 20,000,000 characters. */
    public static final int DEFAULT_MAX_JSON_STRING_LENGTH = 20_000_000;

    private static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

    private final HttpUrl baseUrl;
    private final HttpUrl workerUrl; // null: the base URL
    private final String webSocketUrl;
    private final boolean webSocketApiKeyInQuery;
    private final Supplier<String> tokenProvider;
    private final Map<String, String> headers;
    // null: "not set", which means the default, or the shared client's own value when there is one
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration streamIdleTimeout;
    private final int maxLineBytes;
    private final long maxResponseBytes;
    private final boolean maxResponseBytesSet; // the string limit follows only a cap the user set
    private final Integer maxJsonStringLength; // null: derived from maxResponseBytes
    private final int maxRetries;
    private final OkHttpClient httpClient;
    private final Executor callbackExecutor;
    private final Sleeper sleeper;
    private final Clock clock;
    // Observability (docs/production.md): the event listener, and the opt-in wire log.
    private final NodeToolEventListener eventListener;
    private final boolean wireLog;
    private final int wireLogBodyLimit;
    private final Set<String> redactedHeaders;
    private final Function<String, String> env; // kept for toBuilder(): an unset worker URL is looked up again

    private ClientOptions(Builder b) {
        Function<String, String> env = b.env;
        this.env = env;
        String base = b.baseUrl != null ? b.baseUrl : lookup(env, "nodetool.api.url", "NODETOOL_API_URL");
        this.baseUrl = httpUrl("baseUrl", base != null ? base : DEFAULT_BASE_URL);
        String worker = b.workerUrl != null ? b.workerUrl : lookup(env, "nodetool.worker.url", "NODETOOL_WORKER_URL");
        this.workerUrl = worker == null ? null : httpUrl("workerUrl", worker);
        this.webSocketUrl = b.webSocketUrl;
        this.webSocketApiKeyInQuery = b.webSocketApiKeyInQuery;
        if (b.tokenProvider != null) {
            this.tokenProvider = b.tokenProvider;
        } else {
            String envToken = lookup(env, "nodetool.api.token", "NODETOOL_API_TOKEN");
            this.tokenProvider = () -> envToken;
        }
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.streamIdleTimeout = b.streamIdleTimeout != null ? b.streamIdleTimeout : DEFAULT_STREAM_IDLE_TIMEOUT;
        this.maxLineBytes = b.maxLineBytes != null ? b.maxLineBytes : DEFAULT_MAX_LINE_BYTES;
        this.maxResponseBytes = b.maxResponseBytes != null ? b.maxResponseBytes : DEFAULT_MAX_RESPONSE_BYTES;
        this.maxResponseBytesSet = b.maxResponseBytes != null;
        this.maxJsonStringLength = b.maxJsonStringLength;
        this.maxRetries = b.maxRetries;
        this.httpClient = b.httpClient;
        this.callbackExecutor = b.callbackExecutor;
        this.sleeper = b.sleeper != null ? b.sleeper : THREAD_SLEEP;
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.eventListener = b.eventListener;
        this.wireLog = b.wireLog;
        this.wireLogBodyLimit = b.wireLogBodyLimit;
        this.redactedHeaders = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(b.redactedHeaders));
    }

    /** @return a builder with nothing set; unset options fall back to the environment (see class doc) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return options configured only from system properties and environment variables */
    public static ClientOptions fromEnv() {
        return builder().build();
    }

    /**
     * @return a builder holding these options; options that were left unset (worker URL, HTTP
     *     timeouts) stay unset, so they keep following the base URL and a shared client
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl.toString();
        b.workerUrl = workerUrl == null ? null : workerUrl.toString();
        b.webSocketUrl = webSocketUrl;
        b.webSocketApiKeyInQuery = webSocketApiKeyInQuery;
        b.tokenProvider = tokenProvider;
        b.tokenSet = true;
        b.headers.putAll(headers);
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.writeTimeout = writeTimeout;
        b.streamIdleTimeout = streamIdleTimeout;
        b.maxLineBytes = maxLineBytes;
        b.maxResponseBytes = maxResponseBytesSet ? maxResponseBytes : null;
        b.maxJsonStringLength = maxJsonStringLength;
        b.maxRetries = maxRetries;
        b.httpClient = httpClient;
        b.callbackExecutor = callbackExecutor;
        b.sleeper = sleeper;
        b.clock = clock;
        b.eventListener = eventListener;
        b.wireLog = wireLog;
        b.wireLogBodyLimit = wireLogBodyLimit;
        b.redactedHeaders.addAll(redactedHeaders);
        b.env = env;
        return b;
    }

    /** @return the Editor API base URL (may carry a path prefix) */
    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** @return the Worker API base URL: the configured one, else the base URL */
    public HttpUrl workerUrl() {
        return workerUrl != null ? workerUrl : baseUrl;
    }

    /** @return the explicitly configured WebSocket URL ({@code ws://}, {@code wss://}), if any */
    public Optional<String> webSocketUrl() {
        return Optional.ofNullable(webSocketUrl);
    }

    /** @return true when WebSocket upgrades also carry the token as the {@code api_key} query parameter */
    public boolean webSocketApiKeyInQuery() {
        return webSocketApiKeyInQuery;
    }

    /** @return the token supplier, asked on every request attempt and connect; may return null */
    public Supplier<String> tokenProvider() {
        return tokenProvider;
    }

    /** @return the current token, asked from the supplier now and trimmed; null when none (null or blank) */
    public String token() {
        String t = tokenProvider.get();
        return t == null || t.isBlank() ? null : t.trim();
    }

    /** @return the extra headers sent on every request to the configured server(s), unmodifiable */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @return the connect timeout ({@link Duration#ZERO} = none), or empty when none was set and
     *     the caller-supplied {@link #httpClient()} keeps its own
     */
    public Optional<Duration> connectTimeout() {
        return timeout(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
    }

    /** @return the read timeout, or empty when the caller-supplied {@link #httpClient()} keeps its own */
    public Optional<Duration> readTimeout() {
        return timeout(readTimeout, DEFAULT_READ_TIMEOUT);
    }

    /** @return the write timeout, or empty when the caller-supplied {@link #httpClient()} keeps its own */
    public Optional<Duration> writeTimeout() {
        return timeout(writeTimeout, DEFAULT_WRITE_TIMEOUT);
    }

    private Optional<Duration> timeout(Duration set, Duration fallback) {
        return set != null ? Optional.of(set) : httpClient != null ? Optional.empty() : Optional.of(fallback);
    }

    /** @return the default idle timeout of streamed runs ({@link Duration#ZERO} = none) */
    public Duration streamIdleTimeout() {
        return streamIdleTimeout;
    }

    /** @return the default longest NDJSON line / SSE event of streamed runs, in bytes */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * @return the longest non-streamed response body (JSON answers, media downloads) the client
     *     reads, counted after decompression; a longer one fails with
     *     {@link ai.nodetool.client.errors.ResponseTooLargeException}
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * The longest string value, in characters, that the client accepts in a JSON response body (Jackson's
     * {@code StreamReadConstraints.maxStringLength}, 20,000,000 by default in Jackson, which a legacy run's
     * base64 image easily exceeds). Unless set, it is 20,000,000, or the body cap when you set {@link
     * Builder#maxResponseBytes(long)} higher ({@code max(20,000,000, maxResponseBytes())}: a caller who
     * raises the cap expects strings that long); the default cap ({@link #DEFAULT_MAX_RESPONSE_BYTES}) does
     * not raise it, since that cap is sized for decoded {@code data:} URIs, and a 256 M-character string
     * would cost half a gigabyte of heap. Streamed runs use at least {@link #maxLineBytes()}. A base64 {@code data:} URI is not held as text at all (it is decoded as it is
     * read), so it is not subject to this limit. A longer string fails the call with
     * {@link ai.nodetool.client.errors.ResponseTooLargeException}.
     *
     * @return the limit in characters
     */
    public int maxJsonStringLength() {
        if (maxJsonStringLength != null) {
            return maxJsonStringLength;
        }
        if (!maxResponseBytesSet) {
            return DEFAULT_MAX_JSON_STRING_LENGTH;
        }
        return (int) Math.max(DEFAULT_MAX_JSON_STRING_LENGTH, Math.min(maxResponseBytes, Integer.MAX_VALUE - 64));
    }

    /** @return retries after the first attempt of idempotent calls */
    public int maxRetries() {
        return maxRetries;
    }

    /** @return the caller-supplied OkHttp client whose pools are shared, if any */
    public Optional<OkHttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** @return the caller-supplied delivery executor, if any (else the client owns a pool) */
    public Optional<Executor> callbackExecutor() {
        return Optional.ofNullable(callbackExecutor);
    }

    /** @return how the client waits between retries */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** @return the clock used to interpret {@code Retry-After} dates */
    public Clock clock() {
        return clock;
    }

    /**
     * @return the listener told of every call, stream, session and job ({@link NodeToolEventListener#NONE} by
     *     default)
     */
    public NodeToolEventListener eventListener() {
        return eventListener;
    }

    /**
     * @return true when the wire log is on (logger {@code ai.nodetool.client.wire}, level DEBUG; see
     *     docs/production.md)
     */
    public boolean wireLog() {
        return wireLog;
    }

    /** @return the longest body or frame text the wire log writes, in characters */
    public int wireLogBodyLimit() {
        return wireLogBodyLimit;
    }

    /**
     * @return header names (case-insensitive) whose values the wire log never writes, beyond the built-in ones;
     *     query parameters and JSON fields of these names are redacted too. Unmodifiable
     */
    public Set<String> redactedHeaders() {
        return redactedHeaders;
    }

    @Override
    public String toString() {
        return "ClientOptions{baseUrl=" + baseUrl + ", workerUrl=" + workerUrl() + ", webSocketUrl=" + webSocketUrl
                + ", token=" + (token() != null ? "<set>" : "<none>") + ", maxRetries=" + maxRetries + "}";
    }

    private static String lookup(Function<String, String> env, String property, String envName) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getProperty(envName);
        }
        if (v == null || v.isBlank()) {
            v = env.apply(envName);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static HttpUrl httpUrl(String option, String value) {
        HttpUrl url = HttpUrl.parse(value.trim());
        if (url == null) {
            throw new IllegalArgumentException(option + " must be an http:// or https:// URL, got '" + value + "'");
        }
        return url;
    }

    /**
     * Builder for {@link ClientOptions}; {@code NodeToolClient.Builder} offers the same methods and
     * documents each. Not thread-safe; {@link #build()} may be called more than once.
     */
    public static final class Builder {
        private String baseUrl;
        private String workerUrl;
        private String webSocketUrl;
        private boolean webSocketApiKeyInQuery;
        private Supplier<String> tokenProvider;
        private boolean tokenSet;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration writeTimeout;
        private Duration streamIdleTimeout;
        private Integer maxLineBytes;
        private Long maxResponseBytes;
        private Integer maxJsonStringLength;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private OkHttpClient httpClient;
        private Executor callbackExecutor;
        private Sleeper sleeper;
        private Clock clock;
        private Function<String, String> env = System::getenv;
        private NodeToolEventListener eventListener = NodeToolEventListener.NONE;
        private boolean wireLog;
        private int wireLogBodyLimit = DEFAULT_WIRE_LOG_BODY_LIMIT;
        private final Set<String> redactedHeaders = new java.util.LinkedHashSet<>();

        private Builder() {}

        /**
         * @param listener told of every call, retry, stream, message, session and job of the client; its exceptions
         *     are logged and ignored. {@link NodeToolEventListener#NONE} (the default) turns every hook off
         * @return this builder
         */
        public Builder eventListener(NodeToolEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param enabled write HTTP requests and responses (lines, headers, bodies up to {@link
         *     #wireLogBodyLimit(int)}), stream messages and WebSocket frames (as JSON) to the logger {@code
         *     ai.nodetool.client.wire} at DEBUG, with credentials redacted
         * @return this builder
         */
        public Builder wireLog(boolean enabled) {
            this.wireLog = enabled;
            return this;
        }

        /**
         * @param chars the longest body or frame text the wire log writes (default {@link
         *     #DEFAULT_WIRE_LOG_BODY_LIMIT}); longer ones are cut
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder wireLogBodyLimit(int chars) {
            if (chars < 0) {
                throw new IllegalArgumentException("wireLogBodyLimit must be >= 0");
            }
            this.wireLogBodyLimit = chars;
            return this;
        }

        /**
         * @param names header names (case-insensitive) whose values the wire log replaces by a mark, in addition
         *     to {@code Authorization}, {@code api_key}, {@code auth_token} and the other built-in ones; query
         *     parameters and JSON fields of these names are redacted too
         * @return this builder
         */
        public Builder redactHeaders(String... names) {
            for (String n : names) {
                redactedHeaders.add(Objects.requireNonNull(n, "name"));
            }
            return this;
        }

        /**
         * @param url Editor API base URL
         * @return this builder
         */
        public Builder baseUrl(String url) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * @param url Worker API base URL
         * @return this builder
         */
        public Builder workerUrl(String url) {
            this.workerUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * @param url explicit {@code ws://} or {@code wss://} URL for WebSocket sessions
         * @return this builder
         * @throws IllegalArgumentException if the scheme is not ws, wss, http or https
         */
        public Builder webSocketUrl(String url) {
            String scheme = URI.create(Objects.requireNonNull(url, "url")).getScheme();
            if (scheme == null || !Set.of("ws", "wss", "http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("webSocketUrl must be a ws:// or wss:// URL");
            }
            this.webSocketUrl = url;
            return this;
        }

        /**
         * @param enabled also send the token as {@code ?api_key=} on WebSocket upgrades
         * @return this builder
         */
        public Builder webSocketApiKeyInQuery(boolean enabled) {
            this.webSocketApiKeyInQuery = enabled;
            return this;
        }

        /**
         * @param token a static API token; null or blank sends none
         * @return this builder
         */
        public Builder apiToken(String token) {
            this.tokenProvider = () -> token;
            this.tokenSet = true;
            return this;
        }

        /**
         * @param provider asked for the token on every attempt and connect
         * @return this builder
         */
        public Builder tokenProvider(Supplier<String> provider) {
            this.tokenProvider = Objects.requireNonNull(provider, "provider");
            this.tokenSet = true;
            return this;
        }

        /**
         * @param timeout connect timeout; zero means none
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = nonNegative(timeout);
            return this;
        }

        /**
         * @param timeout read timeout; zero means none
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = nonNegative(timeout);
            return this;
        }

        /**
         * @param timeout write timeout; zero means none
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = nonNegative(timeout);
            return this;
        }

        /**
         * @param timeout default idle timeout of streamed runs; zero disables
         * @return this builder
         */
        public Builder streamIdleTimeout(Duration timeout) {
            this.streamIdleTimeout = nonNegative(timeout);
            return this;
        }

        /**
         * @param bytes default longest NDJSON line / SSE event of streamed runs
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

        /**
         * Caps a non-streamed response body (a JSON answer, an error body is capped apart at 64 KiB,
         * a media download): the client reads at most this many bytes, counted after gzip
         * decompression, and fails with {@link ai.nodetool.client.errors.ResponseTooLargeException}
         * beyond. Streamed runs are bounded per line/event by {@link #maxLineBytes(int)} instead.
         *
         * @param bytes the cap (default {@link #DEFAULT_MAX_RESPONSE_BYTES})
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("maxResponseBytes out of range: " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * Sets the longest string value accepted in a JSON response body, in characters (see {@link
         * ClientOptions#maxJsonStringLength()} for the default: 20,000,000, or a higher {@link
         * #maxResponseBytes(long)} that you set).
         * A longer one fails the call with {@link ai.nodetool.client.errors.ResponseTooLargeException}.
         * Base64 {@code data:} URIs are decoded as they are read and do not count.
         *
         * @param chars the limit
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxJsonStringLength(int chars) {
            if (chars < 1 || chars > Integer.MAX_VALUE - 64) {
                throw new IllegalArgumentException("maxJsonStringLength out of range: " + chars);
            }
            this.maxJsonStringLength = chars;
            return this;
        }

        /**
         * @param retries retries after the first attempt of idempotent calls
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = retries;
            return this;
        }

        /**
         * @param name header name
         * @param value header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param extra headers sent on every request (added to any set before)
         * @return this builder
         */
        public Builder headers(Map<String, String> extra) {
            extra.forEach(this::header);
            return this;
        }

        /**
         * @param client an OkHttpClient whose pools are shared (never closed)
         * @return this builder
         */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * @param executor where asynchronous results and stream signals are delivered
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param sleeper how to wait between retries
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param clock the clock used to interpret {@code Retry-After} dates
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param lookup where unset options are read from after the system properties (default
         *     {@link System#getenv(String)}); e.g. a map's {@code get} to isolate tests from the machine
         * @return this builder
         */
        public Builder environment(Function<String, String> lookup) {
            this.env = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** @return the options, with the environment and defaults applied (IllegalArgumentException for a bad URL) */
        public ClientOptions build() {
            return new ClientOptions(this);
        }

        private static Duration nonNegative(Duration d) {
            if (Objects.requireNonNull(d, "timeout").isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative");
            }
            return d;
        }

        @Override
        public String toString() {
            return "ClientOptions.Builder{baseUrl=" + baseUrl + ", workerUrl=" + workerUrl + ", token="
                    + (tokenSet ? "<set>" : "<from environment>") + "}";
        }
    }
}
