package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
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
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Turns what OkHttp reports into the SDK's exceptions: a non-2xx {@link Response} into the
 * {@link NodeToolHttpException} subclass of its status, with the server's parsed error text
 * ({@link ErrorBodies}); an {@link IOException} into a timeout of the right kind, a protocol error
 * or an I/O error, decided by the exception's type. Every message is scrubbed of the current token
 * and names the request by method, origin and path only (the query could carry secrets).
 *
 * <p>Thread-safe and stateless apart from its configuration.
 */
public final class ErrorMapper {
    private static final System.Logger LOG = System.getLogger(ErrorMapper.class.getName());
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble text. */
    private static final int MIN_SECRET = 4;

    private final Supplier<String> token;
    private final List<String> secrets;
    private final Clock clock;

    /**
     * @param token the current token (may return null), to scrub it from every message
     * @param clock the current time, to turn a {@code Retry-After} date into a delay
     */
    public ErrorMapper(Supplier<String> token, Clock clock) {
        this(token, List.<String>of(), clock);
    }

    /**
     * @param token the current token (may return null), to scrub it from every message
     * @param headers the configured custom headers: the values of those whose name says they
     *     carry a credential ({@link #isSecretHeader(String)}: an API key header, a cookie) are
     *     scrubbed too, since a server may echo them as readily as the token
     * @param clock the current time, to turn a {@code Retry-After} date into a delay
     */
    public ErrorMapper(Supplier<String> token, Map<String, String> headers, Clock clock) {
        this(
                token,
                headers.entrySet().stream()
                        .filter(h -> isSecretHeader(h.getKey()))
                        .map(Map.Entry::getValue)
                        .toList(),
                clock);
    }

    /**
     * @param name a header name
     * @return true when its value is treated as a secret: {@code Authorization},
     *     {@code Proxy-Authorization}, {@code Cookie}, or a name containing {@code key},
     *     {@code token}, {@code secret}, {@code auth}, {@code password}, {@code session},
     *     {@code credential} or {@code signature} (case-insensitive); a correlation id such as
     *     {@code X-Request-Id} is not, so its echo stays readable
     */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("cookie")
                || n.contains("key")
                || n.contains("token")
                || n.contains("secret")
                || n.contains("auth")
                || n.contains("password")
                || n.contains("session")
                || n.contains("credential")
                || n.contains("signature");
    }

    private ErrorMapper(Supplier<String> token, Collection<String> secrets, Clock clock) {
        this.token = token;
        this.secrets = secrets.stream()
                .filter(v -> v != null && v.trim().length() >= MIN_SECRET)
                .map(String::trim)
                // Longest first. (A plain lambda: Comparator.comparingInt(...).reversed() spins a class at
                // run time that no start-up cache holds, and every client pays it when it is built.)
                .sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .toList();
        this.clock = clock;
    }

    /**
     * Maps the failure of a call; a call that was cancelled is reported as such.
     *
     * @param e the failure
     * @param call the call it ended
     * @param readingBody true when it happened while reading the response body
     * @return the exception to throw
     */
    public NodeToolException ioFailure(IOException e, Call call, boolean readingBody) {
        return map(e, call.request(), readingBody, call.isCanceled());
    }

    /**
     * Maps a failure for which no {@link Call} is at hand (e.g. a WebSocket's); a cancellation then
     * shows as a plain I/O error.
     *
     * @param e the failure
     * @param request the request it belongs to
     * @param readingBody true when it happened while reading a response body (or a WebSocket's frames)
     * @return the exception to throw
     */
    public NodeToolException ioFailure(IOException e, Request request, boolean readingBody) {
        return map(e, request, readingBody, false);
    }

    private NodeToolException map(IOException e, Request request, boolean readingBody, boolean cancelled) {
        String where = describe(request);
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : scrub(e.getMessage());
        if (e instanceof SocketTimeoutException) {
            if (!readingBody && ExchangePhaseInterceptor.isConnectTimeout(e)) {
                return new NodeToolTimeoutException(
                        NodeToolTimeoutException.Kind.CONNECT,
                        where + ": connect timed out (" + host(request) + ")",
                        e);
            }
            return new NodeToolTimeoutException(
                    NodeToolTimeoutException.Kind.READ,
                    where + ": read timed out waiting for the server" + (readingBody ? " while reading the body" : ""),
                    e);
        }
        if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            // The one case told apart by text: OkHttp's call timeout (OkHttpClient.callTimeout) ends
            // the call with a plain InterruptedIOException("timeout") (RealCall.timeoutExit), the
            // same type okio throws for a thread interrupt ("interrupted"); no subclass exists.
            return new NodeToolTimeoutException(NodeToolTimeoutException.Kind.CALL, where + ": call timed out", e);
        }
        if (cancelled) {
            // After the call-timeout check: OkHttp cancels a call whose call timeout fired.
            // Whatever the cancelled socket threw ("Canceled", "Socket closed", a reset stream).
            return new NodeToolIOException(where + ": call cancelled", e);
        }
        if (readingBody && (e instanceof EOFException || e instanceof ProtocolException)) {
            // okio: EOFException when the source is exhausted early; OkHttp's HTTP/1 body sources:
            // ProtocolException("unexpected end of stream") before the declared length or last chunk.
            return new NodeToolProtocolException(
                    where + ": response body truncated (connection closed before the declared length): " + msg, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new NodeToolIOException(where + ": could not connect to " + host(request) + ": " + msg, e);
        }
        if (e instanceof UnknownHostException) {
            return new NodeToolIOException(
                    where + ": unknown host " + request.url().host(), e);
        }
        if (e instanceof SSLException) {
            return new NodeToolIOException(where + ": TLS failure with " + host(request) + ": " + msg, e);
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
            // Headers too: a server may echo the credentials (a debug header, WWW-Authenticate).
            headers.put(
                    name.toLowerCase(Locale.ROOT),
                    response.headers(name).stream().map(this::scrub).toList());
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
        msg.append(": ").append(parsed != null ? parsed : ErrorBodies.describeUnparsed(body, type));
        String requestId = response.header("X-Request-Id");
        if (requestId != null) {
            msg.append(" (request id ").append(requestId).append(')');
        }
        String m = scrub(msg.toString());
        LOG.log(System.Logger.Level.DEBUG, m);
        switch (code) {
            case 400:
                return new BadRequestException(m, code, headers, parsed, body);
            case 401:
                return new AuthenticationException(m, code, headers, parsed, body);
            case 403:
                return new PermissionDeniedException(m, code, headers, parsed, body);
            case 404:
                return new NotFoundException(m, code, headers, parsed, body);
            case 409:
                return new ConflictException(m, code, headers, parsed, body);
            case 422:
                return new UnprocessableEntityException(m, code, headers, parsed, body);
            case 429:
                return new RateLimitException(
                        m,
                        code,
                        headers,
                        parsed,
                        body,
                        RetryInterceptor.retryAfter(response.header("Retry-After"), clock));
            default:
                if (code >= 500 && code <= 599) {
                    return new InternalServerException(m, code, headers, parsed, body);
                }
                return new UnexpectedStatusException(m, code, headers, parsed, body);
        }
    }

    /**
     * The one scrubber of the client: HTTP exception messages, bodies and headers go through it,
     * and so does what the WebSocket session reports (through the caller's {@code scrub}).
     *
     * @param text any text that may echo the token
     * @return the text with the current token and every configured secret header value replaced
     *     by {@code ***}
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String t;
        try {
            t = token.get();
        } catch (RuntimeException e) {
            t = null;
        }
        String out = t == null || t.length() < MIN_SECRET ? text : text.replace(t, "***");
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /**
     * @param request a request
     * @return e.g. {@code GET http://host:7777/api/workflows}: path only, since the query could
     *     carry values the user considers secret
     */
    static String describe(Request request) {
        HttpUrl u = request.url();
        return request.method() + " " + u.scheme() + "://" + u.host() + ":" + u.port() + u.encodedPath();
    }

    private static String host(Request request) {
        return request.url().host() + ":" + request.url().port();
    }
}
