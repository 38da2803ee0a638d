package ai.nodetool.client;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.core.Sleeper;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.internal.http.HttpCaller;
import ai.nodetool.client.internal.session.DefaultJobSession;
import ai.nodetool.client.internal.stream.HttpJobStreams;
import ai.nodetool.client.internal.workflows.DefaultWorkerService;
import ai.nodetool.client.internal.workflows.DefaultWorkflowsService;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.SessionOptions;
import ai.nodetool.client.workflows.WorkerService;
import ai.nodetool.client.workflows.WorkflowsService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * Entry point of the NodeTool SDK: one object per server, shared by all threads.
 *
 * <pre>{@code
 * try (NodeToolClient client = NodeToolClient.fromEnv()) {
 *     RunResult result = client.workflows().run(workflowId, Map.of("text", "hello"));
 *     System.out.println(result.output("result"));
 * }
 * }</pre>
 *
 * <p><b>Configuration.</b> The builder's settings, with the environment and the defaults applied,
 * form one immutable {@link ClientOptions} ({@link #options()}); options not set on the builder are
 * read from system properties and environment variables ({@code NODETOOL_API_URL},
 * {@code NODETOOL_WORKER_URL}, {@code NODETOOL_API_TOKEN}; see {@link ClientOptions}).
 *
 * <p>Immutable and thread-safe. {@link #close()} releases the threads and connections the client
 * created itself (never those of a caller-supplied {@link OkHttpClient} or executor).
 * The API token never appears in {@link #toString()}, exception messages or logs.
 */
public final class NodeToolClient implements AutoCloseable {
    /** Default Editor API base URL. */
    public static final String DEFAULT_BASE_URL = ClientOptions.DEFAULT_BASE_URL;
    /** Default number of retries for idempotent calls. */
    public static final int DEFAULT_MAX_RETRIES = ClientOptions.DEFAULT_MAX_RETRIES;
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = ClientOptions.DEFAULT_CONNECT_TIMEOUT;
    /** Default read timeout: long, because a blocking run answers only when the job ends. */
    public static final Duration DEFAULT_READ_TIMEOUT = ClientOptions.DEFAULT_READ_TIMEOUT;
    /** Default write timeout. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = ClientOptions.DEFAULT_WRITE_TIMEOUT;
    /** Default idle timeout of streamed runs (see {@link ClientOptions#DEFAULT_STREAM_IDLE_TIMEOUT}). */
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = ClientOptions.DEFAULT_STREAM_IDLE_TIMEOUT;
    /** Default longest NDJSON line / SSE event of a streamed run: 4 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = ClientOptions.DEFAULT_MAX_LINE_BYTES;

    private final ClientOptions options;
    private final HttpCaller caller;
    private final Set<JobSession> sessions = ConcurrentHashMap.newKeySet();
    private final WorkflowsService workflows;
    private final WorkerService worker;
    private final ai.nodetool.client.internal.discovery.ServerProbe probe;
    private final ai.nodetool.client.internal.assets.DefaultAssetsService assets;
    private final ai.nodetool.client.internal.assets.AssetResolver assetResolver;
    private final ai.nodetool.client.discovery.DiscoveryService discovery;
    private final ai.nodetool.client.discovery.JobsService jobs;

    private NodeToolClient(ClientOptions options) {
        this.options = options;
        this.caller = new HttpCaller(options);
        HttpJobStreams streams = new HttpJobStreams(options, caller);
        this.probe = new ai.nodetool.client.internal.discovery.ServerProbe(caller);
        this.assets = new ai.nodetool.client.internal.assets.DefaultAssetsService(caller);
        this.assetResolver = new ai.nodetool.client.internal.assets.AssetResolver(assets, probe);
        this.workflows = new DefaultWorkflowsService(
                caller,
                streams,
                assetResolver,
                view -> new ai.nodetool.client.internal.assets.AssetResolver(
                        new ai.nodetool.client.internal.assets.DefaultAssetsService(view),
                        new ai.nodetool.client.internal.discovery.ServerProbe(view)));
        this.worker = new DefaultWorkerService(caller, streams);
        this.discovery = new ai.nodetool.client.internal.discovery.DefaultDiscoveryService(caller, probe);
        this.jobs = new ai.nodetool.client.internal.discovery.DefaultJobsService(caller);
    }

    /**
     * @param options ready-made options (see {@link ClientOptions#builder()})
     * @return a new client
     */
    public static NodeToolClient create(ClientOptions options) {
        return new NodeToolClient(Objects.requireNonNull(options, "options"));
    }

    /** @return a new builder; unset options fall back to the environment (see class doc) */
    public static Builder builder() {
        return new Builder(ClientOptions.builder());
    }

    /**
     * Creates a client configured only from system properties and environment variables.
     *
     * @return the client
     * @throws IllegalArgumentException if a configured URL is invalid
     */
    public static NodeToolClient fromEnv() {
        return builder().build();
    }

    /** @return a builder holding this client's options, to derive a modified client */
    public Builder toBuilder() {
        return new Builder(options.toBuilder());
    }

    /** @return this client's complete, immutable configuration */
    public ClientOptions options() {
        return options;
    }

    /** @return the Editor API ({@code /api/workflows}): CRUD, listings and blocking runs */
    public WorkflowsService workflows() {
        return workflows;
    }

    /** @return the Worker API ({@code {workerUrl}/workflows}, Gen A/B only) */
    public WorkerService worker() {
        return worker;
    }

    /**
     * @return uploads ({@code POST /api/assets}, temporary uploads) and streamed downloads of media
     *     (docs/getting-started.md, "Media in and out")
     */
    public ai.nodetool.client.assets.AssetsService assets() {
        return assets;
    }

    /**
     * @return the SDK v1 discovery and preflight routes: capabilities, workflow summaries, batched
     *     interfaces, node types, preflight (docs/discovery.md)
     */
    public ai.nodetool.client.discovery.DiscoveryService discovery() {
        return discovery;
    }

    /**
     * A workflow used through its interface: inputs checked before the run, outputs bound to a record
     * ({@code client.workflow("id").run(new Inputs(...), Outputs.class)}).
     *
     * @param id the workflow id
     * @return the typed view (nothing is fetched until it is used)
     */
    public ai.nodetool.client.workflows.TypedWorkflow workflow(String id) {
        return new ai.nodetool.client.internal.discovery.DefaultTypedWorkflow(id, workflows, discovery);
    }

    /** @return stored job records over REST ({@code /api/jobs}; legacy servers only) */
    public ai.nodetool.client.discovery.JobsService jobs() {
        return jobs;
    }

    /**
     * Shortcut for {@code discovery().capabilities()}: what a current server offers to SDKs, asked once and
     * remembered.
     *
     * @return the capabilities
     * @throws ai.nodetool.client.errors.UnsupportedByServerException on a server without SDK v1 (a legacy one)
     */
    public ai.nodetool.client.discovery.Capabilities capabilities() {
        return discovery.capabilities();
    }

    /** @return the effective Editor API base URL */
    public String baseUrl() {
        return options.baseUrl().toString();
    }

    /** @return the effective Worker API base URL (the base URL unless configured) */
    public String workerUrl() {
        return options.workerUrl().toString();
    }

    /** @return the explicitly configured WebSocket URL, if any */
    public Optional<String> webSocketUrl() {
        return options.webSocketUrl();
    }

    /** @return the number of retries for idempotent calls */
    public int maxRetries() {
        return options.maxRetries();
    }

    /** @return true when a token is configured (its value is never exposed here) */
    public boolean hasToken() {
        return caller.token() != null;
    }

    /** @return the OkHttp client this SDK uses (derived from a caller-supplied one, if given) */
    public OkHttpClient httpClient() {
        return caller.okHttp();
    }

    /** @return the executor on which asynchronous results are delivered */
    public Executor callbackExecutor() {
        return caller.callbackExecutor();
    }

    /**
     * Opens a WebSocket job session with the default {@link SessionOptions}; blocks until the
     * upgrade succeeded or failed. See {@link #connect(SessionOptions)}.
     *
     * @return the open session; close it when done
     * @throws AuthenticationException if the server refused the upgrade (401, or close 1008)
     * @throws NodeToolIOException if the server cannot be reached
     * @throws NodeToolHttpException for any other refused upgrade
     */
    public JobSession connect() {
        return connect(SessionOptions.defaults());
    }

    /**
     * Opens a WebSocket job session (protocol-notes §6–§9); blocks until the upgrade succeeded or failed.
     * The URL is the configured {@link Builder#webSocketUrl}, else derived from the base URL
     * ({@code http}→{@code ws}, {@code https}→{@code wss}, path prefix kept): {@code /ws} first,
     * then {@code /predict} when {@code /ws} answers 404 (a legacy server). The upgrade carries the
     * {@code Authorization: Bearer} header, and {@code ?api_key=} too when
     * {@link Builder#webSocketApiKeyInQuery(boolean)} is set.
     *
     * @param options session options
     * @return the open session; close it when done
     * @throws AuthenticationException if the server refused the upgrade (401, or close 1008)
     * @throws NodeToolIOException if the server cannot be reached
     * @throws NodeToolHttpException for any other refused upgrade
     * @throws IllegalStateException if this client is closed
     */
    public JobSession connect(SessionOptions options) {
        CompletableFuture<JobSession> f = connectAsync(options);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.thenAccept(JobSession::close);
            throw new NodeToolIOException("Interrupted while connecting the WebSocket", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new NodeToolIOException("WebSocket connect failed: " + cause, cause);
        }
    }

    /**
     * Like {@link #connect()} without blocking.
     *
     * @return completes with the open session, or fails with the exceptions {@link #connect()} throws
     */
    public CompletableFuture<JobSession> connectAsync() {
        return connectAsync(SessionOptions.defaults());
    }

    /**
     * Like {@link #connect(SessionOptions)} without blocking.
     *
     * @param options session options
     * @return completes with the open session, or fails with the exceptions {@link #connect()} throws
     */
    public CompletableFuture<JobSession> connectAsync(SessionOptions options) {
        Objects.requireNonNull(options, "options");
        if (caller.isClosed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("NodeToolClient is closed"));
        }
        return DefaultJobSession.connect(
                        caller,
                        caller.urls().webSocketCandidates(),
                        this.options.webSocketApiKeyInQuery(),
                        options,
                        sessions)
                .thenApply(s -> new ai.nodetool.client.internal.assets.AssetResolvingSession(
                        s, assetResolver, caller.callbackExecutor()));
    }

    /**
     * The content of a media value ({@code image}, {@code audio}, ... asset refs in run outputs and
     * messages). Inline content is returned as is: MessagePack {@code bin}, a JSON integer array or a
     * {@code data:} URI (legacy servers). Otherwise the {@code http(s)} URI is fetched (current servers
     * answer with temporary URLs such as {@code /api/storage/temp/<id>.png}); a relative URI resolves
     * against the base URL. The API token is sent only when the URI has the configured server's origin.
     *
     * @param asset a media value, e.g. {@code result.output("image", AssetRef.class)}
     * @return the bytes
     * @throws IllegalArgumentException when the asset has neither inline content nor an http(s) URI
     *     (e.g. {@code asset://} references, which only the server can resolve)
     * @throws NodeToolHttpException when the download answers a non-2xx status
     * @throws NodeToolIOException on network failure
     */
    public byte[] download(AssetRef asset) {
        Objects.requireNonNull(asset, "asset");
        return asset.bytes()
                .orElseGet(() -> caller.getBytes(caller.urls()
                        .asset(asset.uri()
                                .orElseThrow(() -> new IllegalArgumentException("the " + asset.type()
                                        + " asset has no inline content and no URI to download")))));
    }

    /**
     * Writes the content of a media value to a file (see {@link #download(AssetRef)}), replacing it. The body
     * is streamed to the file in blocks, never held in memory whole.
     *
     * @param asset a media value from a run result or message, not null
     * @param file where to write; parent directories must exist
     * @return {@code file}
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public java.nio.file.Path download(AssetRef asset, java.nio.file.Path file) {
        // Streamed in blocks: a large video never sits in memory whole.
        assets.download(asset, file);
        return file;
    }

    /**
     * Streams the content of a media value to an output stream (see {@link #download(AssetRef)}) without
     * holding it in memory; the stream is not closed.
     *
     * @param asset a media value from a run result or message, not null
     * @param out where to write
     * @return the number of bytes written
     * @throws java.io.UncheckedIOException when the stream cannot be written
     */
    public long download(AssetRef asset, java.io.OutputStream out) {
        return assets.download(asset, out);
    }

    /**
     * Closes the WebSocket sessions still open (as {@link JobSession#close()} does: their jobs end
     * with {@link SessionClosedException}), then releases the threads and pooled connections this
     * client created. Idempotent; calls made afterwards fail with {@link IllegalStateException}.
     */
    @Override
    public void close() {
        // Sessions first, while the dispatcher can still send their close frames; a session left
        // open would otherwise retry its lost socket through a shut-down dispatcher.
        for (JobSession s : sessions) {
            s.close();
        }
        caller.close();
    }

    @Override
    public String toString() {
        return "NodeToolClient{baseUrl=" + options.baseUrl() + ", workerUrl=" + options.workerUrl()
                + ", webSocketUrl=" + options.webSocketUrl().orElse(null) + ", token="
                + (hasToken() ? "<set>" : "<none>") + ", maxRetries=" + options.maxRetries() + "}";
    }

    /**
     * Immutable-result builder for {@link NodeToolClient}. Not thread-safe; {@link #build()} may
     * be called more than once.
     */
    public static final class Builder {
        private final ClientOptions.Builder options;

        private Builder(ClientOptions.Builder options) {
            this.options = options;
        }

        /**
         * @param url Editor API base, e.g. {@code http://127.0.0.1:7777} or
         *     {@code https://host/nodetool/} (a path prefix is kept)
         * @return this builder
         */
        public Builder baseUrl(String url) {
            options.baseUrl(url);
            return this;
        }

        /**
         * @param url Worker API base; defaults to the base URL
         * @return this builder
         */
        public Builder workerUrl(String url) {
            options.workerUrl(url);
            return this;
        }

        /**
         * @param url explicit {@code ws://} or {@code wss://} URL for WebSocket sessions (disables
         *     the {@code /ws} then {@code /predict} discovery)
         * @return this builder
         */
        public Builder webSocketUrl(String url) {
            options.webSocketUrl(url);
            return this;
        }

        /**
         * @param enabled also send the token as the {@code api_key} query parameter of WebSocket
         *     upgrades (protocol-notes §3.1), for proxies that strip the Authorization header. Off by
         *     default: URLs end up in logs more easily than headers.
         * @return this builder
         */
        public Builder webSocketApiKeyInQuery(boolean enabled) {
            options.webSocketApiKeyInQuery(enabled);
            return this;
        }

        /**
         * @param token a static API token sent as {@code Authorization: Bearer <token>}; null or
         *     blank sends no Authorization header
         * @return this builder
         */
        public Builder apiToken(String token) {
            options.apiToken(token);
            return this;
        }

        /**
         * @param provider asked for the token on every request attempt and every connect (for
         *     rotating tokens); may return null for "no token". Must be thread-safe and fast.
         * @return this builder
         */
        public Builder tokenProvider(Supplier<String> provider) {
            options.tokenProvider(provider);
            return this;
        }

        /**
         * @param timeout TCP/TLS connect timeout (default 10 s); zero means none
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            options.connectTimeout(timeout);
            return this;
        }

        /**
         * @param timeout longest silence while waiting for response bytes (default 10 min, since a
         *     blocking run answers only at the end); zero means none
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            options.readTimeout(timeout);
            return this;
        }

        /**
         * @param timeout write timeout (default 60 s); zero means none
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            options.writeTimeout(timeout);
            return this;
        }

        /**
         * @param timeout default idle timeout of streamed runs ({@code stream(...)}): the stream
         *     fails with a {@code NodeToolTimeoutException} of kind {@code IDLE} when no byte arrives
         *     for this long while it waits on the server (default 5 min); zero disables it. OkHttp's
         *     read timeout does not apply to streams. Per call: {@code StreamOptions}.
         * @return this builder
         */
        public Builder streamIdleTimeout(Duration timeout) {
            options.streamIdleTimeout(timeout);
            return this;
        }

        /**
         * @param bytes default longest NDJSON line / SSE event of streamed runs (default 4 MiB); a
         *     longer one ends the stream with an "oversize" {@code NodeToolProtocolException}.
         *     Per call: {@code StreamOptions}.
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxLineBytes(int bytes) {
            options.maxLineBytes(bytes);
            return this;
        }

        /**
         * @param bytes longest non-streamed response body read (JSON answers, media downloads),
         *     counted after decompression (default 16 MiB); a longer one fails with
         *     {@link ai.nodetool.client.errors.ResponseTooLargeException} after reading no more
         *     than this
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxResponseBytes(long bytes) {
            options.maxResponseBytes(bytes);
            return this;
        }

        /**
         * Listens to every call, retry, stream, message, WebSocket session and job of the client (see {@link
         * ai.nodetool.client.events.NodeToolEventListener}); its exceptions are logged and ignored. The module
         * {@code nodetool-client-micrometer} offers one that records Micrometer meters.
         *
         * @param listener the listener; {@code NodeToolEventListener.NONE} (the default) turns every hook off
         * @return this builder
         */
        public Builder eventListener(ai.nodetool.client.events.NodeToolEventListener listener) {
            options.eventListener(listener);
            return this;
        }

        /**
         * Turns the wire log on: HTTP lines, headers and bodies, stream messages and WebSocket frames (decoded to
         * JSON) go to the logger {@code ai.nodetool.client.wire} at DEBUG, with credentials redacted
         * (docs/production.md, "Logging and wire logs").
         *
         * @param enabled true to log the wire
         * @return this builder
         */
        public Builder wireLog(boolean enabled) {
            options.wireLog(enabled);
            return this;
        }

        /**
         * @param chars the longest body or frame the wire log writes (default 4096 characters)
         * @return this builder
         */
        public Builder wireLogBodyLimit(int chars) {
            options.wireLogBodyLimit(chars);
            return this;
        }

        /**
         * @param names more header names (and query parameters, JSON fields) whose values the wire log redacts
         * @return this builder
         */
        public Builder redactHeaders(String... names) {
            options.redactHeaders(names);
            return this;
        }

        /**
         * The longest string value accepted in a JSON response body; see
         * {@link ClientOptions.Builder#maxJsonStringLength(int)}.
         *
         * @param chars the limit in characters
         * @return this builder
         */
        public Builder maxJsonStringLength(int chars) {
            options.maxJsonStringLength(chars);
            return this;
        }

        /**
         * @param retries retries after the first attempt for idempotent calls (GET, PUT, DELETE)
         *     on connect failures, 408, 429 and 5xx; runs are never retried. Default 2.
         * @return this builder
         */
        public Builder maxRetries(int retries) {
            options.maxRetries(retries);
            return this;
        }

        /**
         * @param name header name
         * @param value header value
         * @return this builder (the header is sent on every request)
         */
        public Builder header(String name, String value) {
            options.header(name, value);
            return this;
        }

        /**
         * @param extra headers sent on every request (added to any set before)
         * @return this builder
         */
        public Builder headers(Map<String, String> extra) {
            options.headers(extra);
            return this;
        }

        /**
         * @param client an OkHttpClient whose connection pool and dispatcher are shared (never
         *     closed by this SDK); its timeouts apply unless set on this builder
         * @return this builder
         */
        public Builder httpClient(OkHttpClient client) {
            options.httpClient(client);
            return this;
        }

        /**
         * @param executor where asynchronous results and stream signals are delivered; never shut
         *     down by the SDK. Default: a client-owned pool of daemon threads.
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            options.callbackExecutor(executor);
            return this;
        }

        /**
         * @param sleeper how to wait between retries (a test hook; the default sleeps)
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            options.sleeper(sleeper);
            return this;
        }

        /**
         * @param clock the clock used to interpret {@code Retry-After} HTTP dates (a test hook)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            options.clock(clock);
            return this;
        }

        /** Test hook: replaces the environment-variable lookup. */
        Builder environment(Function<String, String> lookup) {
            options.environment(lookup);
            return this;
        }

        /**
         * @return a new client
         * @throws IllegalArgumentException if a URL is invalid
         */
        public NodeToolClient build() {
            return new NodeToolClient(options.build());
        }

        @Override
        public String toString() {
            return "NodeToolClient.Builder{" + options + "}";
        }
    }
}
