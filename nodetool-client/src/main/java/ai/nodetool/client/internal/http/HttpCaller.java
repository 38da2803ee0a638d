package ai.nodetool.client.internal.http;

import ai.nodetool.client.core.ClientOptions;
import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.internal.codec.MessageCodec;
import ai.nodetool.client.internal.events.GuardedListener;
import ai.nodetool.client.internal.events.WireLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The client's HTTP plumbing, derived from its {@code ClientOptions}: owns the configured
 * {@link OkHttpClient} (retry, auth and exchange-phase interceptors, timeouts) and the executors,
 * executes requests, and maps every failure to the SDK's exception hierarchy through its
 * {@link ErrorMapper}. Where the server is ({@link ServerUrls}) and how a JSON answer is read
 * ({@link JsonResponses}) live in classes of their own.
 *
 * <p><b>Seam for the streaming layer.</b> To start an HTTP stream (NDJSON, SSE), build the
 * request with {@link #request(HttpUrl)} (adds {@code Accept}; auth and default headers are added
 * per attempt by the interceptor), optionally {@link #jsonBody(Object)}, then make
 * a call on {@link #streamingClient()} plus {@link #checkStatus(Response)}, and map any
 * {@link IOException} with {@link #errors()}. POSTs are never retried.
 *
 * <p>Thread-safe. {@link #close()} releases only what this object created.
 */
public final class HttpCaller implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String USER_AGENT = "nodetool-java/0.1";

    private final ClientOptions options;
    private final ErrorMapper errors;
    private final ServerUrls urls;
    private final OkHttpClient okHttp;
    private final OkHttpClient streamingClient;
    private final ExecutorService ownedDispatcherPool;
    private final ExecutorService ownedCallbackPool;
    private final Executor callbackExecutor;
    private final AtomicBoolean closed;
    /** Null for the client's own caller; the merged per-call options of a view. */
    private final RequestOptions perCall;
    /** What the interceptors apply to this caller's requests (its request tag). */
    private final CallSettings settings;
    /** Told of each successful response before its body is read (raw-response views); may be null. */
    private final Consumer<Response> responseSink;
    /** The listener of this caller's calls and runs, guarded: the client's, or a view's per-call one. */
    private final NodeToolEventListener events;
    /** True when {@link #events} is a view's own listener, carried to the interceptors as a request tag. */
    private final boolean ownListener;

    private final WireLog wireLog;

    /**
     * Derives the OkHttp client and the executors the options call for.
     *
     * @param options the client's options
     */
    public HttpCaller(ClientOptions options) {
        this.options = options;
        this.errors = new ErrorMapper(options::token, options.headers(), options.clock());
        this.urls = new ServerUrls(options);
        OkHttpClient.Builder b;
        if (options.httpClient().isPresent()) {
            // newBuilder() shares the connection pool and dispatcher of the caller's client.
            b = options.httpClient().get().newBuilder();
            ownedDispatcherPool = null;
        } else {
            ownedDispatcherPool = cachedPool("nodetool-http-", 60);
            b = new OkHttpClient.Builder().dispatcher(new Dispatcher(ownedDispatcherPool));
        }
        options.connectTimeout().ifPresent(b::connectTimeout);
        options.readTimeout().ifPresent(b::readTimeout);
        options.writeTimeout().ifPresent(b::writeTimeout);
        this.events = GuardedListener.guard(options.eventListener());
        this.wireLog = WireLog.from(options);
        // Outermost: one callStart/callEnd per call, around its retries (docs/production.md).
        b.addInterceptor(new ObservingInterceptor(events, errors));
        // Order matters: retry wraps auth, so every attempt asks the token supplier again.
        b.addInterceptor(new RetryInterceptor(
                options.maxRetries(),
                options.sleeper(),
                options.clock(),
                () -> ThreadLocalRandom.current().nextDouble()));
        b.addInterceptor(new UserAgentInterceptor(USER_AGENT));
        // Credentials per network request, not per call: a redirect to another origin is a new
        // network request that gets neither the token nor the configured headers (OkHttp itself
        // would carry every header but Authorization across origins).
        b.addNetworkInterceptor(new AuthInterceptor(options::token, options.headers(), urls::isSameOrigin, false));
        b.addInterceptor(new AuthInterceptor(options::token, options.headers(), urls::isSameOrigin, true));
        b.addNetworkInterceptor(new ExchangePhaseInterceptor()); // tells connect from read timeouts
        // A run is sent once. OkHttp would re-send a request on its own when a pooled connection
        // fails (recover()) and on 408; this turns both off, and RetryInterceptor retries idempotent
        // calls itself. OkHttp's 503 + "Retry-After: 0" follow-up ignores this switch: the guard
        // hides that header from it for non-idempotent requests.
        b.retryOnConnectionFailure(false);
        b.addNetworkInterceptor(new NoReplayGuard());
        if (wireLog != null) {
            b.addNetworkInterceptor(new WireLogInterceptor(wireLog, options.wireLogBodyLimit())); // what goes out
        }
        b.followRedirects(true); // Gen A redirects slash-less paths (protocol-notes §4.4)
        this.okHttp = b.build();
        // Built now, not lazily under a lock: newBuilder().build() is cheap, and no monitor is held
        // on a path a virtual thread takes (docs/production.md, "Virtual threads").
        this.streamingClient = okHttp.newBuilder()
                .readTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .build();
        this.ownedCallbackPool = options.callbackExecutor().isPresent() ? null : cachedPool("nodetool-callback-", 30);
        this.callbackExecutor = options.callbackExecutor().orElse(ownedCallbackPool);
        this.closed = new AtomicBoolean();
        this.ownListener = false;
        this.perCall = null;
        this.settings = new CallSettings(options::token, options.headers(), urls::isSameOrigin, options.maxRetries());
        this.responseSink = null;
    }

    /** A view of {@code root} (the client's caller or another view): the same OkHttp clients, executors and closed flag, other settings. */
    private HttpCaller(HttpCaller root, RequestOptions perCall, Consumer<Response> responseSink) {
        this.options = root.options;
        this.okHttp = root.okHttp;
        this.streamingClient = root.streamingClient;
        this.ownedDispatcherPool = null; // a view owns nothing: close() is the root's
        this.ownedCallbackPool = null;
        this.callbackExecutor = root.callbackExecutor;
        this.closed = root.closed;
        this.perCall = perCall;
        this.responseSink = responseSink;
        this.wireLog = root.wireLog;
        this.ownListener = perCall.eventListener().isPresent();
        this.events =
                ownListener ? GuardedListener.guard(perCall.eventListener().get()) : root.events;
        boolean otherServer = perCall.baseUrl().isPresent();
        this.urls = otherServer
                ? new ServerUrls(perCall.baseUrl().get(), perCall.baseUrl().get(), null)
                : root.urls;
        // The client's token and headers belong to the client's own server: a view bound to another
        // server sends only what its options give.
        Map<String, String> headers = new LinkedHashMap<>(otherServer ? Map.of() : options.headers());
        perCall.headers().forEach((name, value) -> {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        Supplier<String> token;
        if (perCall.apiToken().isPresent()) {
            String t = perCall.apiToken().get();
            token = () -> t.isBlank() ? null : t;
        } else {
            token = otherServer ? () -> null : options::token;
        }
        this.settings = new CallSettings(
                token, headers, urls::isSameOrigin, perCall.maxRetries().orElse(options.maxRetries()));
        // Scrub both the client's token and the view's from messages: either may be echoed.
        this.errors =
                new ErrorMapper(() -> token.get() != null ? token.get() : options.token(), headers, options.clock());
    }

    /**
     * A view of this caller that applies {@code more} to every request it builds (layered over this
     * caller's own per-call options). It shares the OkHttp clients, executors and lifecycle.
     *
     * @param more per-call options
     * @return the view ({@code this} when {@code more} is empty)
     */
    public HttpCaller withOptions(RequestOptions more) {
        Objects.requireNonNull(more, "options");
        if (more.isEmpty()) {
            return this;
        }
        return new HttpCaller(this, perCall == null ? more : more.over(perCall), responseSink);
    }

    /**
     * A view of this caller, with its options, that tells {@code sink} of each successful response
     * before its body is read (to report status and headers next to the parsed value).
     *
     * @param sink called on the thread that receives the response
     * @return the view
     */
    public HttpCaller capturing(Consumer<Response> sink) {
        return new HttpCaller(this, perCall == null ? RequestOptions.none() : perCall, sink);
    }

    /** @return the per-call options of this view (none for the client's own caller) */
    public RequestOptions requestOptions() {
        return perCall == null ? RequestOptions.none() : perCall;
    }

    /**
     * @param clientDefault the client's stream idle timeout
     * @return this view's timeout when its options set one (a stream's deadline is its idle time),
     *     else {@code clientDefault}
     */
    public Duration streamIdleTimeout(Duration clientDefault) {
        return perCall == null ? clientDefault : perCall.timeout().orElse(clientDefault);
    }

    private static ExecutorService cachedPool(String prefix, int keepAliveSeconds) {
        return new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                keepAliveSeconds,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                daemonThreads(prefix));
    }

    /**
     * @param prefix thread name prefix
     * @return a factory of daemon threads named prefix + counter
     */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return the configured OkHttp client (shares pools with a caller-supplied one) */
    public OkHttpClient okHttp() {
        return okHttp;
    }

    /**
     * The client for streamed runs: the configured one without a read timeout (a live stream may
     * be silent for long; the stream's own idle timeout, which counts every byte, replaces it).
     * Shares the connection pool, dispatcher and interceptors of {@link #okHttp()}.
     *
     * @return the streaming client (created once)
     */
    public OkHttpClient streamingClient() {
        return streamingClient;
    }

    /** @return the client's event listener, guarded ({@code NodeToolEventListener.NONE} when nobody listens) */
    public NodeToolEventListener events() {
        return events;
    }

    /**
     * @param request a request
     * @return the listener of the call: its per-call listener (a request tag of type {@code
     *     NodeToolEventListener}), guarded, else the client's
     */
    public NodeToolEventListener eventsFor(Request request) {
        NodeToolEventListener perCall = request.tag(NodeToolEventListener.class);
        return perCall != null ? GuardedListener.guard(perCall) : events;
    }

    /** @return the wire log, or null when it is off */
    public WireLog wireLog() {
        return wireLog;
    }

    /** @return the executor on which asynchronous results are completed */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** @return the options this caller was built from */
    public ClientOptions options() {
        return options;
    }

    /** @return maps failures to the SDK's exceptions */
    public ErrorMapper errors() {
        return errors;
    }

    /** @return the current token (asked from the supplier now), or null when none */
    public String token() {
        String t = settings.token().get();
        return t == null || t.isBlank() ? null : t;
    }

    /** @return where the configured server is: Editor, Worker and WebSocket URLs */
    public ServerUrls urls() {
        return urls;
    }

    /**
     * @param segments path segments (not encoded; each is one segment)
     * @return the Editor API URL {@code baseUrl + segments}, keeping the base's path prefix
     */
    public HttpUrl editorUrl(String... segments) {
        return urls.editor(segments).build();
    }

    /**
     * @param segments path segments
     * @return a builder for the Editor API URL, to add query parameters
     */
    public HttpUrl.Builder editorUrlBuilder(String... segments) {
        return urls.editor(segments);
    }

    /**
     * @param segments path segments
     * @return the Worker API URL {@code workerUrl + segments}
     */
    public HttpUrl workerUrl(String... segments) {
        return urls.worker(segments);
    }

    /**
     * @param url target
     * @return a request builder with {@code Accept: application/json}
     * @throws IllegalStateException if the client is closed
     */
    public Request.Builder request(HttpUrl url) {
        ensureOpen();
        Request.Builder b = new Request.Builder()
                .url(url)
                .header("Accept", "application/json")
                .tag(CallSettings.class, settings);
        return ownListener ? b.tag(NodeToolEventListener.class, events) : b;
    }

    /**
     * @param value a JsonNode or any Jackson-serialisable value
     * @return a JSON request body
     */
    public RequestBody jsonBody(Object value) {
        try {
            return RequestBody.create(MessageCodec.json().writeValueAsBytes(value), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value cannot be serialised to JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Call newCall(Request request) {
        ensureOpen();
        Call call = okHttp.newCall(request);
        if (perCall != null) {
            perCall.timeout().ifPresent(t -> call.timeout().timeout(t.toMillis(), TimeUnit.MILLISECONDS));
        }
        return call;
    }

    private Response observed(Response response) {
        if (responseSink != null && response.isSuccessful()) {
            responseSink.accept(response);
        }
        return response;
    }

    /**
     * Executes a request and parses its JSON body.
     *
     * @param request the request
     * @param emptyAllowed true when an empty body or 204 is a valid answer (gives a NullNode)
     * @return the body tree, never null
     * @throws NodeToolException mapped failure
     */
    public JsonNode executeJson(Request request, boolean emptyAllowed) {
        Call call = newCall(request);
        return JsonResponses.read(
                call,
                observed(execute(call)),
                emptyAllowed,
                errors,
                options.maxResponseBytes(),
                options.maxJsonStringLength());
    }

    /**
     * Executes a request asynchronously; cancelling the returned future aborts the HTTP call. The
     * failure of a received response (HTTP error, unusable body, mapper failure) is passed through
     * {@code errorMapper}.
     *
     * @param request the request
     * @param emptyAllowed as for {@link #executeJson(Request, boolean)}
     * @param mapper turns the body into the result; may throw a NodeToolException
     * @param errorMapper turns such a failure into the exception the future completes with
     * @param <T> result type
     * @return a future completed on the callback executor
     */
    public <T> CompletableFuture<T> executeJsonAsync(
            Request request,
            boolean emptyAllowed,
            Function<JsonNode, T> mapper,
            Function<RuntimeException, RuntimeException> errorMapper) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Call call = newCall(request);
        future.whenComplete((v, e) -> {
            if (e instanceof CancellationException) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                deliver(() -> future.completeExceptionally(errors.ioFailure(e, c, false)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                T value;
                try {
                    value = mapper.apply(JsonResponses.read(
                            c,
                            observed(response),
                            emptyAllowed,
                            errors,
                            options.maxResponseBytes(),
                            options.maxJsonStringLength()));
                } catch (RuntimeException e) {
                    RuntimeException mapped = errorMapper.apply(e);
                    deliver(() -> future.completeExceptionally(mapped));
                    return;
                }
                deliver(() -> future.complete(value));
            }
        });
        return future;
    }

    private void deliver(Runnable completion) {
        try {
            callbackExecutor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run(); // executor shut down: never leave the future hanging
        }
    }

    private Response execute(Call call) {
        try {
            return call.execute();
        } catch (IOException e) {
            throw errors.ioFailure(e, call, false);
        }
    }

    /**
     * GETs a URL and returns its body bytes (media downloads; retried like every GET), at most
     * {@code ClientOptions.maxResponseBytes}.
     *
     * @param url any http(s) URL; the token is added only for the configured origin
     * @return the body
     */
    public byte[] getBytes(HttpUrl url) {
        Call call = newCall(new Request.Builder().url(url).get().build());
        try (Response response = checkStatus(execute(call))) {
            return BoundedBodies.read(response, options.maxResponseBytes());
        } catch (IOException e) {
            throw errors.ioFailure(e, call, true);
        }
    }

    /**
     * @param response a response
     * @return the same response when its status is 2xx
     * @throws NodeToolHttpException otherwise (the response is closed)
     */
    public Response checkStatus(Response response) {
        if (response.isSuccessful()) {
            return response;
        }
        throw errors.httpError(response);
    }

    /**
     * As {@link ErrorMapper#ioFailure(IOException, Request, boolean)} (kept for the WebSocket session).
     *
     * @param e the failure
     * @param request the request it belongs to
     * @param readingBody true when the failure happened while reading a response body
     * @return the exception to throw
     */
    public NodeToolException mapIOException(IOException e, Request request, boolean readingBody) {
        return errors.ioFailure(e, request, readingBody);
    }

    /**
     * As {@link ErrorMapper#httpError(Response)}.
     *
     * @param response a non-2xx response
     * @return the exception to throw
     */
    public NodeToolHttpException httpError(Response response) {
        return errors.httpError(response);
    }

    /**
     * As {@link ErrorMapper#scrub(String)}.
     *
     * @param text any text that may echo the token
     * @return the text with the current token replaced by {@code ***}
     */
    public String scrub(String text) {
        return errors.scrub(text);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("NodeToolClient is closed");
        }
    }

    /** @return true once {@link #close()} ran */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Releases what this caller created: its dispatcher threads, idle connections and callback
     * threads. A caller-supplied OkHttpClient or executor is left untouched. Idempotent.
     */
    @Override
    public void close() {
        if (perCall != null || !closed.compareAndSet(false, true)) { // a view owns nothing
            return;
        }
        if (ownedDispatcherPool != null) {
            okHttp.dispatcher().cancelAll();
            ownedDispatcherPool.shutdown();
            okHttp.connectionPool().evictAll();
        }
        if (ownedCallbackPool != null) {
            ownedCallbackPool.shutdown();
        }
    }
}
