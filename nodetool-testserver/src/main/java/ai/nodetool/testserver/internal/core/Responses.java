package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writing JSON responses and the generation-specific error bodies of protocol-notes §2.3. */
public final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    public static void json(RequestExchange exchange, int status, Object body) throws IOException {
        json(exchange, status, body, Map.of());
    }

    public static void json(RequestExchange exchange, int status, Object body, Map<String, String> extraHeaders)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        exchange.respond(status, headers, bytes(body));
    }

    /** {@code {"detail": message}}: the error shape of both generations' handlers. */
    public static void detail(RequestExchange exchange, int status, String message) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("detail", message);
        json(exchange, status, body);
    }

    /** {@code {"detail": message}} with extra headers (e.g. Retry-After). */
    public static void detail(RequestExchange exchange, int status, String message, Map<String, String> headers)
            throws IOException {
        json(exchange, status, JsonNodeFactory.instance.objectNode().put("detail", message), headers);
    }

    public static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
