package ai.nodetool.testserver.internal.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the {@link Recorder} keeps it; the facade hands it out as its public form.
 *
 * @param method upper-case method
 * @param path decoded path without query
 * @param query raw query string without {@code ?}, or null
 * @param headers request headers, keys lower-case
 * @param body the request body, empty when none
 * @param receivedAt when the request was received
 */
public record ReceivedRequest(
        String method, String path, String query, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {}
