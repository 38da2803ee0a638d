package ai.nodetool.testserver.internal.net;

import java.util.Map;

/**
 * A server-side WebSocket. All methods are thread-safe: sends from many threads are serialized per
 * connection, each frame written whole. Sends never hang on a peer that is gone (its reset fails the
 * write); they block while a live peer does not read, until it reads or the connection is closed.
 */
public interface WebSocketConnection {
    /**
     * Sends a text message as one frame.
     *
     * @throws java.io.UncheckedIOException when the connection is closed or closing, or the write failed
     *                                      (the connection is then dropped and the listener sees 1006)
     */
    void sendText(String text);

    /** Sends a binary message as one frame; failures as for {@link #sendText}. */
    void sendBinary(byte[] data);

    /**
     * Sends a message as {@link #sendText} or {@link #sendBinary} do ({@code text} or else {@code data}),
     * but only when no other send is under way or waiting on this connection: for messages that must
     * not block a shared thread behind a peer that does not read (heartbeats on the server's timer).
     *
     * @return true when sent, false when another send holds the connection (nothing was sent)
     * @throws java.io.UncheckedIOException as for {@link #sendText}
     */
    boolean sendIfIdle(String text, byte[] data);

    /** Sends a ping control frame (payload at most 125 bytes); failures as for {@link #sendText}. */
    void sendPing(byte[] payload);

    /**
     * Sends a close frame with this code and reason (at most 123 UTF-8 bytes), then closes the socket
     * when the peer answers or after a short timeout. The listener's {@code onClose} then reports this
     * code. No-op when a close was already sent or received.
     */
    void close(int code, String reason);

    /** Drops the TCP connection without a close frame; the listener sees 1006. Idempotent. */
    void abort();

    /** True until a close frame was sent or received or the socket was lost. */
    boolean isOpen();

    /** The upgrade request's percent-decoded path. */
    String path();

    /** The upgrade request's headers, keys lower-case, repeated headers joined with {@code ", "}. */
    Map<String, String> upgradeHeaders();

    /** First value of an upgrade request query parameter, or {@code null}. */
    String query(String name);
}
