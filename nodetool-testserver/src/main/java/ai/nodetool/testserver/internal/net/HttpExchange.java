package ai.nodetool.testserver.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 request and its response. Exactly one of {@link #respond}, {@link #stream},
 * {@link #abort} or {@link #upgradeToWebSocket} must be called per exchange.
 */
public interface HttpExchange {
    /** Upper-case method, e.g. {@code GET}. */
    String method();

    /** Percent-decoded path without the query, e.g. {@code /api/workflows/abc}. */
    String path();

    /** Raw query string without {@code ?}, or {@code null} when there is none. */
    String rawQuery();

    /** Decoded query parameters in order of appearance. */
    Map<String, List<String>> queryParams();

    /** First value of a query parameter, or {@code null}. */
    String query(String name);

    /** First value of a header, case-insensitive, or {@code null}. */
    String header(String name);

    /** All request headers; keys lower-case. */
    Map<String, List<String>> headers();

    /** The full request body (Content-Length or chunked), empty when there is none. */
    byte[] body();

    /** Sends a complete response with a Content-Length. */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException;

    /**
     * Starts a streamed response (chunked transfer encoding). Each {@code flush()} on the returned
     * stream pushes what was written to the socket; {@code close()} ends the response properly.
     */
    OutputStream stream(int status, Map<String, String> headers) throws IOException;

    /** Drops the TCP connection at once (mid-response too), without ending the response. */
    void abort();

    /** True when the request asks for a WebSocket upgrade ({@code Upgrade: websocket}). */
    boolean isWebSocketUpgrade();

    /** Completes the RFC 6455 handshake (101) and hands the connection to {@code listener}. */
    WebSocketConnection upgradeToWebSocket(WebSocketListener listener) throws IOException;
}
