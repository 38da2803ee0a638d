package ai.nodetool.testserver.internal.net;

/** Server-side WebSocket callbacks; all calls for one connection come from its reader thread, in order. */
public interface WebSocketListener {
    default void onOpen(WebSocketConnection connection) {}

    /** A complete (reassembled) text message. */
    void onText(WebSocketConnection connection, String text);

    /** A complete (reassembled) binary message. */
    void onBinary(WebSocketConnection connection, byte[] data);

    /** The peer closed, the socket was lost (code 1006) or the server closed it; called once. */
    default void onClose(WebSocketConnection connection, int code, String reason) {}
}
