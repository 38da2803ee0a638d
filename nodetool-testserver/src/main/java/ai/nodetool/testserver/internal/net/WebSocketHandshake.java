package ai.nodetool.testserver.internal.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Validation and accept-hash of the opening handshake (RFC 6455 section 4.2). */
final class WebSocketHandshake {
    static final String VERSION_PROBLEM = "unsupported Sec-WebSocket-Version";
    /** Fixed by RFC 6455 section 1.3. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {}

    /** Why {@code head} is not a valid handshake, or {@code null} when it is. */
    static String problem(RequestHead head) {
        if (!head.method().equals("GET")) {
            return "WebSocket handshake must use GET";
        }
        if (!head.headerHasToken("upgrade", "websocket")) {
            return "missing Upgrade: websocket";
        }
        if (!head.headerHasToken("connection", "upgrade")) {
            return "missing Connection: Upgrade";
        }
        if (!"13".equals(head.header("sec-websocket-version"))) {
            return VERSION_PROBLEM + " (only 13)";
        }
        String key = head.header("sec-websocket-key");
        if (key == null) {
            return "missing Sec-WebSocket-Key";
        }
        try {
            if (Base64.getDecoder().decode(key).length != 16) {
                return "Sec-WebSocket-Key must encode 16 bytes";
            }
        } catch (IllegalArgumentException e) {
            return "Sec-WebSocket-Key is not base64";
        }
        return null;
    }

    static String acceptValue(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }
}
