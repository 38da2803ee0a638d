package ai.nodetool.testserver.internal.net;

import java.util.Map;

/** A server-side WebSocket; all send methods are thread-safe and never block on a dead peer forever. */
public interface WebSocketConnection {
    void sendText(String text);

    void sendBinary(byte[] data);

    /** Sends a ping control frame. */
    void sendPing(byte[] payload);

    /** Sends a close frame with this code and reason, then closes the socket. */
    void close(int code, String reason);

    /** Drops the TCP connection without a close frame. */
    void abort();

    boolean isOpen();

    /** The upgrade request's path, query parameters and headers (keys lower-case). */
    String path();

    Map<String, String> upgradeHeaders();

    String query(String name);
}
