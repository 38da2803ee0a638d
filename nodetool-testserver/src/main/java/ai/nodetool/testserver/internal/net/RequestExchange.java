package ai.nodetool.testserver.internal.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request and its response. Exactly one of {@link #respond}, {@link #stream},
 * {@link #abort} or {@link #upgradeToWebSocket} must be called per exchange ({@link #abort} may also
 * follow one of the others, to cut a response short); a second response method throws
 * {@link IllegalStateException}.
 *
 * <p>The exchange ends when {@link RequestHandler#handle} returns: a streamed body still open then is
 * ended properly, and a handler that never responded makes the server answer {@code 500}. The
 * response methods are thread-safe, so a handler may let another thread write the streamed body or
 * abort while it waits. Write failures (the client went away, the connection was aborted or the
 * server closed) surface as {@link IOException}.
 */
public interface RequestExchange {
    /** The method token as sent, e.g. {@code GET} (clients send upper case). */
    String method();

    /** Percent-decoded path without the query, e.g. {@code /api/workflows/abc}. */
    String path();

    /** Raw query string without {@code ?}, or {@code null} when there is none. */
    String rawQuery();

    /** Decoded query parameters in order of appearance ({@code +} decodes to a space); unmodifiable. */
    Map<String, List<String>> queryParams();

    /** First value of a query parameter, or {@code null}. */
    String query(String name);

    /** First value of a header, case-insensitive, or {@code null}. */
    String header(String name);

    /** All request headers; keys lower-case, values in order of appearance; unmodifiable. */
    Map<String, List<String>> headers();

    /** The full request body (Content-Length or chunked), empty when there is none; a copy. */
    byte[] body();

    /** The body's length in bytes, without reading it into memory. */
    default long bodyLength() {
        return body().length;
    }

    /**
     * The body as a stream. Large bodies are spooled to a temporary file by the connection, so reading
     * them this way never holds them in the heap; the stream is valid until the handler returns.
     */
    default InputStream bodyStream() throws IOException {
        return new ByteArrayInputStream(body());
    }

    /** The client's address and port (distinct per TCP connection, so tests can observe reuse). */
    InetSocketAddress remoteAddress();

    /**
     * Sends a complete response with a Content-Length. Framing headers in {@code headers}
     * (Content-Length, Transfer-Encoding) are ignored; {@code Connection: close} ends the connection
     * after this response.
     *
     * @param body the body, {@code null} for none
     * @throws IOException when the connection is gone
     * @throws IllegalStateException when a response was already started
     * @throws IllegalArgumentException for a status outside 100..999 or a header containing CR/LF
     */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException;

    /**
     * Sends a complete response with {@code Content-Length: length}, copying the body from {@code content}
     * without holding it in memory (nothing is copied for {@code HEAD}). A body shorter or longer than
     * {@code length} aborts the connection and throws.
     */
    default void respond(int status, Map<String, String> headers, InputStream content, long length) throws IOException {
        respond(status, headers, content.readNBytes((int) Math.min(length, Integer.MAX_VALUE - 8)));
    }

    /**
     * Starts a streamed response (chunked transfer encoding). Writes are buffered (64 KiB); each
     * {@code flush()} on the returned stream pushes what was written to the socket as one chunk;
     * {@code close()} ends the response properly. The stream is thread-safe.
     *
     * @throws IOException when the connection is gone
     * @throws IllegalStateException when a response was already started
     */
    OutputStream stream(int status, Map<String, String> headers) throws IOException;

    /**
     * Drops the TCP connection at once with a reset (mid-response too), without ending the response.
     * Any thread; idempotent. Later writes to a streamed body throw {@link IOException}.
     */
    void abort();

    /**
     * Ends a streamed response the way a lost connection looks to the client, without losing what
     * was already written: the body is left unfinished (no final chunk), every byte written so far is
     * delivered, then the connection is closed with FIN. Unlike {@link #abort()}, whose reset lets the
     * kernel discard bytes not yet sent, the client sees exactly the written messages before its error.
     * Handler thread only; idempotent; later writes to the body throw {@link IOException}.
     */
    void cut();

    /** True when the request asks for a WebSocket upgrade ({@code GET} with {@code Upgrade: websocket}). */
    boolean isWebSocketUpgrade();

    /**
     * Completes the RFC 6455 handshake (101, no subprotocol, no extensions) and hands the connection
     * to {@code listener}. Once the handler returns, the connection thread reads frames and calls the
     * listener ({@code onOpen} first). A request that is not a valid version-13 handshake is answered
     * with 400 (426 for a wrong version) and this method throws {@link IOException}.
     *
     * @throws IllegalStateException when a response was already started
     */
    WebSocketConnection upgradeToWebSocket(WebSocketListener listener) throws IOException;
}
