package ai.nodetool.testserver.internal.net;

import java.util.List;
import java.util.Map;

/**
 * A parsed request line and header section.
 *
 * @param method   the method token as sent (clients send upper case)
 * @param target   the raw request target, e.g. {@code /a%20b?x=1}
 * @param version  {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers  header values by lower-case name, in order of appearance; unmodifiable
 * @param raw      the request line and header section as received, up to and including the empty
 *                 line (what a WebSocket upgrade hands to the protocol library); not to be modified
 */
record RequestHead(String method, String target, String version, Map<String, List<String>> headers, byte[] raw) {

    /** First value of a header ({@code name} lower-case), or {@code null}. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** True when any comma-separated element of any value of the header equals {@code token}. */
    boolean headerHasToken(String name, String token) {
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String element : value.split(",")) {
                if (element.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 only when asked. */
    boolean wantsKeepAlive() {
        if (headerHasToken("connection", "close")) {
            return false;
        }
        return "HTTP/1.1".equals(version) || headerHasToken("connection", "keep-alive");
    }
}
