package ai.nodetool.testserver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request the test server received (WebSocket upgrades included), for assertions.
 *
 * @param method upper-case method
 * @param path decoded path without query
 * @param query raw query string without {@code ?}, or null
 * @param headers request headers, keys lower-case
 * @param body the request body, empty when none
 * @param receivedAt when the request was received
 */
public record RecordedRequest(
        String method, String path, String query, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {

    /**
     * The first value of a header (case-insensitive), or null.
     *
     * @param name the header name, not null
     * @return the first value, or null when absent
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the body text, empty when there was no body
     */
    public String bodyUtf8() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * {@code path} plus {@code ?query} when there is one.
     *
     * @return the request target as sent, e.g. {@code /api/workflows?limit=2}
     */
    public String target() {
        return query == null ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        return method + " " + target();
    }
}
