package ai.nodetool.client.internal.http;

import ai.nodetool.client.core.Sleeper;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.RateLimitException;
import ai.nodetool.client.errors.UnexpectedStatusException;
import ai.nodetool.client.errors.UnprocessableEntityException;
import ai.nodetool.client.internal.codec.MessageCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The client's HTTP plumbing: owns the configured {@link OkHttpClient} (auth and retry
 * interceptors, timeouts), resolves Editor and Worker URLs against base URLs that may carry a
 * path prefix, executes requests, and maps every failure to the SDK's exception hierarchy.
 *
 * <p><b>Seam for the streaming layer.</b> To start an HTTP stream (NDJSON, SSE), build the
 * request with {@link #request(HttpUrl)} (adds {@code Accept}; auth and default headers are added
 * per attempt by the interceptor), optionally {@link #jsonBody(Object)}, then either
 * {@link #openStream(Request)} for a blocking open that returns a 2xx {@link Response} whose body
 * the caller reads and must close, or {@link #newCall(Request)} plus {@link #checkStatus(Response)}
 * for asynchronous opens. Map any {@link IOException} with {@link #mapIOException(IOException,
 * Request, boolean)}. POSTs are never retried.
 *
 * <p>Thread-safe. {@link #close()} releases only what this object created.
 */
public final class HttpCaller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpCaller.class.getName());
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final String USER_AGENT = "nodetool-java/0.1";

    /**
     * Everything needed to build a caller.
     *
     * @param baseUrl Editor API base (may have a path prefix)
     * @param workerUrl Worker API base
     * @param token token supplier, asked per request; may return null
     * @param headers extra headers for every request
     * @param connectTimeout null keeps the shared client's (or OkHttp's default) value
     * @param readTimeout null keeps the shared client's value
     * @param writeTimeout null keeps the shared client's value
     * @param maxRetries retries for idempotent calls
     * @param sharedClient a caller-supplied client to derive from (its pools are shared and never
     *     closed), or null to create one
     * @param callbackExecutor executor completing async results, or null to create one
     * @param sleeper wait between retries
     * @param clock current time for Retry-After dates
     */
    public record Settings(HttpUrl baseUrl, HttpUrl workerUrl, Supplier<String> token,
            Map<String, String> headers, Duration connectTimeout, Duration readTimeout,
            Duration writeTimeout, int maxRetries, OkHttpClient sharedClient,
            Executor callbackExecutor, Sleeper sleeper, Clock clock) {}

    private final Settings settings;
    private final OkHttpClient okHttp;
    private final ExecutorService ownedDispatcherPool;
    private final ExecutorService ownedCallbackPool;
    private final Executor callbackExecutor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile OkHttpClient streamingClient;

    /** @param settings the configuration */
    public HttpCaller(Settings settings) {
        this.settings = settings;
        OkHttpClient.Builder b;
        if (settings.sharedClient() != null) {
            // newBuilder() shares the connection pool and dispatcher of the caller's client.
            b = settings.sharedClient().newBuilder();
            ownedDispatcherPool = null;
        } else {
            ownedDispatcherPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), daemonThreads("nodetool-http-"));
            b = new OkHttpClient.Builder().dispatcher(new Dispatcher(ownedDispatcherPool));
        }
        if (settings.connectTimeout() != null) {
            b.connectTimeout(settings.connectTimeout());
        }
        if (settings.readTimeout() != null) {
            b.readTimeout(settings.readTimeout());
        }
        if (settings.writeTimeout() != null) {
            b.writeTimeout(settings.writeTimeout());
        }
        // Order matters: retry wraps auth, so every attempt asks the token supplier again.
        b.addInterceptor(new RetryInterceptor(settings.maxRetries(), settings.sleeper(),
                settings.clock(), () -> ThreadLocalRandom.current().nextDouble()));
        b.addInterceptor(new AuthInterceptor(settings.token(), settings.headers(), USER_AGENT, this::isSameOrigin));
        b.followRedirects(true); // Gen A redirects slash-less paths (PROTOCOL.md §2.5)
        this.okHttp = b.build();
        if (settings.callbackExecutor() != null) {
            this.callbackExecutor = settings.callbackExecutor();
            this.ownedCallbackPool = null;
        } else {
            this.ownedCallbackPool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), daemonThreads("nodetool-callback-"));
            this.callbackExecutor = ownedCallbackPool;
        }
    }

    /**
     * @param url any URL
     * @return true when it has the scheme, host and port of the configured base or worker URL: only
     *     such requests carry the token (DESIGN.md section 4: auth only to the same origin)
     */
    public boolean isSameOrigin(HttpUrl url) {
        return sameOrigin(url, settings.baseUrl()) || sameOrigin(url, settings.workerUrl());
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return b != null && a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
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

    static String currentToken(Supplier<String> supplier) {
        if (supplier == null) {
            return null;
        }
        String t = supplier.get();
        return t == null || t.isBlank() ? null : t.trim();
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
        OkHttpClient c = streamingClient;
        if (c == null) {
            synchronized (this) {
                c = streamingClient;
                if (c == null) {
                    c = okHttp.newBuilder().readTimeout(Duration.ZERO).callTimeout(Duration.ZERO).build();
                    streamingClient = c;
                }
            }
        }
        return c;
    }

    /** @return the executor on which asynchronous results are completed */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** @return the settings this caller was built from */
    public Settings settings() {
        return settings;
    }

    /** @return the current token (asked from the supplier now), or null when none */
    public String token() {
        return currentToken(settings.token());
    }

    /**
     * @param segments path segments (not encoded; each is one segment)
     * @return the Editor API URL {@code baseUrl + segments}, keeping the base's path prefix
     */
    public HttpUrl editorUrl(String... segments) {
        return resolve(settings.baseUrl(), segments).build();
    }

    /**
     * @param segments path segments
     * @return a builder for the Editor API URL, to add query parameters
     */
    public HttpUrl.Builder editorUrlBuilder(String... segments) {
        return resolve(settings.baseUrl(), segments);
    }

    /**
     * @param segments path segments
     * @return the Worker API URL {@code workerUrl + segments}
     */
    public HttpUrl workerUrl(String... segments) {
        return resolve(settings.workerUrl(), segments).build();
    }

    private static HttpUrl.Builder resolve(HttpUrl base, String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        List<String> existing = base.pathSegments();
        if (!existing.isEmpty() && existing.get(existing.size() - 1).isEmpty()) {
            // "https://host/nodetool/" ends with an empty segment; drop it so no "//" appears.
            b.removePathSegment(existing.size() - 1);
        }
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /**
     * @param url target
     * @return a request builder with {@code Accept: application/json}
     * @throws IllegalStateException if the client is closed
     */
    public Request.Builder request(HttpUrl url) {
        ensureOpen();
        return new Request.Builder().url(url).header("Accept", "application/json");
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

    /**
     * @param request the request
     * @return a new OkHttp call (not started)
     */
    public Call newCall(Request request) {
        ensureOpen();
        return okHttp.newCall(request);
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
        Response response;
        try {
            response = newCall(request).execute();
        } catch (IOException e) {
            throw mapIOException(e, request, false);
        }
        return readJsonResponse(response, emptyAllowed);
    }

    /**
     * Executes a request asynchronously. Cancelling the returned future aborts the HTTP call.
     *
     * @param request the request
     * @param emptyAllowed as for {@link #executeJson(Request, boolean)}
     * @param mapper turns the body into the result; may throw a NodeToolException
     * @param <T> result type
     * @return a future completed on the callback executor
     */
    public <T> CompletableFuture<T> executeJsonAsync(Request request, boolean emptyAllowed,
            Function<JsonNode, T> mapper) {
        return executeJsonAsync(request, emptyAllowed, mapper, Function.identity());
    }

    /**
     * As {@link #executeJsonAsync(Request, boolean, Function)}, with the failure of a received
     * response (HTTP error, unusable body, mapper failure) passed through {@code errorMapper}.
     *
     * @param request the request
     * @param emptyAllowed as for {@link #executeJson(Request, boolean)}
     * @param mapper turns the body into the result; may throw a NodeToolException
     * @param errorMapper turns such a failure into the exception the future completes with
     * @param <T> result type
     * @return a future completed on the callback executor
     */
    public <T> CompletableFuture<T> executeJsonAsync(Request request, boolean emptyAllowed,
            Function<JsonNode, T> mapper, Function<RuntimeException, RuntimeException> errorMapper) {
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
                deliver(() -> future.completeExceptionally(mapIOException(e, request, false)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                T value;
                try {
                    value = mapper.apply(readJsonResponse(response, emptyAllowed));
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

    /**
     * Executes a request meant to stream: returns the open 2xx response, or throws the mapped HTTP
     * error (after reading and closing the error body).
     *
     * @param request the request
     * @return an open successful response; the caller must close it
     */
    public Response openStream(Request request) {
        Response response;
        try {
            response = newCall(request).execute();
        } catch (IOException e) {
            throw mapIOException(e, request, false);
        }
        return checkStatus(response);
    }

    /**
     * GETs a URL and returns its body bytes (media downloads; retried like every GET).
     *
     * @param url any http(s) URL; the token is added only for the configured origin
     * @return the body
     */
    public byte[] getBytes(HttpUrl url) {
        Request request = new Request.Builder().url(url).get().build();
        ensureOpen();
        try (Response response = openStream(request)) {
            return response.body().bytes();
        } catch (IOException e) {
            throw mapIOException(e, request, true);
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
        throw httpError(response);
    }

    /**
     * Reads a response as JSON and closes it.
     *
     * @param response any response
     * @param emptyAllowed true when an empty body is valid
     * @return the tree (NullNode for an allowed empty body)
     */
    public JsonNode readJsonResponse(Response response, boolean emptyAllowed) {
        Request request = response.request();
        try (Response r = response) {
            checkStatus(r);
            byte[] bytes;
            try {
                bytes = r.body().bytes();
            } catch (IOException e) {
                throw mapIOException(e, request, true);
            }
            if (bytes.length == 0 || r.code() == 204) {
                if (emptyAllowed) {
                    return NullNode.getInstance();
                }
                throw new NodeToolProtocolException(describe(request) + ": empty response body (HTTP "
                        + r.code() + "), expected JSON");
            }
            MediaType type = r.body().contentType();
            if (type != null && !isJson(type)) {
                String what = "html".equals(type.subtype()) ? "an HTML page" : "Content-Type " + type;
                throw new NodeToolProtocolException(describe(request) + ": expected JSON but got "
                        + what + " (HTTP " + r.code() + "): " + scrub(MessageCodec.preview(bytes)));
            }
            try {
                return MessageCodec.readJson(bytes);
            } catch (NodeToolProtocolException e) {
                throw new NodeToolProtocolException(describe(request) + ": " + scrub(e.getMessage()),
                        e.getCause());
            }
        }
    }

    private static boolean isJson(MediaType type) {
        String sub = type.subtype().toLowerCase(Locale.ROOT);
        return sub.equals("json") || sub.endsWith("+json");
    }

    /**
     * Maps an OkHttp failure to the SDK's exceptions: timeouts by kind, a truncated body to a
     * protocol error, everything else to {@link NodeToolIOException}.
     *
     * @param e the failure
     * @param request the request it belongs to
     * @param readingBody true when the failure happened while reading a response body
     * @return the exception to throw
     */
    public NodeToolException mapIOException(IOException e, Request request, boolean readingBody) {
        String where = describe(request);
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : scrub(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException) {
            if (!readingBody && lower.contains("connect")) {
                return new NodeToolTimeoutException(NodeToolTimeoutException.Kind.CONNECT,
                        where + ": connect timed out (" + host(request) + ")", e);
            }
            return new NodeToolTimeoutException(NodeToolTimeoutException.Kind.READ,
                    where + ": read timed out waiting for the server"
                            + (readingBody ? " while reading the body" : ""), e);
        }
        if (e instanceof InterruptedIOException && lower.contains("timeout")) {
            return new NodeToolTimeoutException(NodeToolTimeoutException.Kind.CALL,
                    where + ": call timed out", e);
        }
        if (readingBody && (e instanceof EOFException || lower.contains("unexpected end of stream")
                || lower.contains("\\n not found") || lower.contains("exhausted"))) {
            return new NodeToolProtocolException(where
                    + ": response body truncated (connection closed before the declared length): "
                    + msg, e);
        }
        if (e instanceof ConnectException) {
            return new NodeToolIOException(where + ": could not connect to " + host(request)
                    + ": " + msg, e);
        }
        if (e instanceof UnknownHostException) {
            return new NodeToolIOException(where + ": unknown host " + request.url().host(), e);
        }
        if ("canceled".equals(lower) || "cancelled".equals(lower) || "socket closed".equals(lower)) {
            return new NodeToolIOException(where + ": call cancelled", e);
        }
        return new NodeToolIOException(where + ": " + msg, e);
    }

    /**
     * Builds the typed exception for a non-2xx response, reading (at most 64 KiB of) its body and
     * closing it.
     *
     * @param response a non-2xx response
     * @return the exception to throw
     */
    public NodeToolHttpException httpError(Response response) {
        int code = response.code();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            headers.put(name.toLowerCase(Locale.ROOT), response.headers(name));
        }
        String body;
        try {
            body = new String(response.peekBody(MAX_ERROR_BODY).bytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            body = "";
        } finally {
            response.close();
        }
        body = scrub(body);
        MediaType type = response.body().contentType();
        String parsed = scrub(ErrorBodies.message(body));
        StringBuilder msg = new StringBuilder("HTTP ").append(code);
        String reason = ErrorBodies.reason(code);
        if (!reason.isEmpty()) {
            msg.append(' ').append(reason);
        }
        msg.append(" from ").append(describe(response.request()));
        if (parsed != null) {
            msg.append(": ").append(parsed);
        } else {
            msg.append(": ").append(ErrorBodies.describeUnparsed(body, type));
        }
        String requestId = response.header("X-Request-Id");
        if (requestId != null) {
            msg.append(" (request id ").append(requestId).append(')');
        }
        String m = msg.toString();
        LOG.log(System.Logger.Level.DEBUG, m);
        switch (code) {
            case 400: return new BadRequestException(m, code, headers, parsed, body);
            case 401: return new AuthenticationException(m, code, headers, parsed, body);
            case 403: return new PermissionDeniedException(m, code, headers, parsed, body);
            case 404: return new NotFoundException(m, code, headers, parsed, body);
            case 409: return new ConflictException(m, code, headers, parsed, body);
            case 422: return new UnprocessableEntityException(m, code, headers, parsed, body);
            case 429: return new RateLimitException(m, code, headers, parsed, body,
                    RetryInterceptor.retryAfter(response.header("Retry-After"), settings.clock()));
            default:
                if (code >= 500 && code <= 599) {
                    return new InternalServerException(m, code, headers, parsed, body);
                }
                return new UnexpectedStatusException(m, code, headers, parsed, body);
        }
    }

    /**
     * @param text any text that may echo the token
     * @return the text with the current token replaced by {@code ***}
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String t;
        try {
            t = token();
        } catch (RuntimeException e) {
            t = null;
        }
        return t == null || t.length() < 4 ? text : text.replace(t, "***");
    }

    private static String describe(Request request) {
        HttpUrl u = request.url();
        // Path only: the query could carry values the user considers secret.
        return request.method() + " " + u.scheme() + "://" + u.host() + ":" + u.port() + u.encodedPath();
    }

    private static String host(Request request) {
        return request.url().host() + ":" + request.url().port();
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
        if (!closed.compareAndSet(false, true)) {
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
