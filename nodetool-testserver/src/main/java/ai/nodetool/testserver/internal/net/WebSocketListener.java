package ai.nodetool.testserver.internal.net;

/**
 * Server-side WebSocket callbacks; all calls for one connection come from its reader thread, in
 * order, starting with {@link #onOpen} and ending with exactly one {@link #onClose}. A callback that
 * throws is logged and the connection is closed with 1011 (internal error).
 */
public interface WebSocketListener {
    /** Called first, after the handler that upgraded the connection returned. */
    default void onOpen(WebSocketConnection connection) {}

    /** A complete (reassembled) text message. */
    void onText(WebSocketConnection connection, String text);

    /** A complete (reassembled) binary message. */
    void onBinary(WebSocketConnection connection, byte[] data);

    /**
     * The connection ended; called once. {@code code} is the code of the close frame the server sent
     * first (by {@link WebSocketConnection#close} or for a protocol violation: 1002, 1007, 1009), else
     * the peer's close code (1000 when its close frame had none), else 1006 when the socket was lost,
     * aborted or the server shut down. {@code reason} is never null.
     */
    default void onClose(WebSocketConnection connection, int code, String reason) {}
}
