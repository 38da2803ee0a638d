package ai.nodetool.testserver.internal.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;

/**
 * An error answer decided deep inside a route (bad body, unknown workflow, conflict): thrown, and
 * written by {@link RestApi} as {@code status} with {@code body} as JSON. Carries no stack trace.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient JsonNode body;
    private final transient Map<String, String> headers;

    HttpError(int status, JsonNode body, Map<String, String> headers) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** {@code {"detail": message}}, the error shape of both generations' handlers (protocol-notes §2.3). */
    static HttpError detail(int status, String message) {
        return new HttpError(status, JsonNodeFactory.instance.objectNode().put("detail", message), Map.of());
    }

    /** {@code 404 {"detail":"Workflow not found"}} (protocol-notes §4.3, §5.1). */
    static HttpError workflowNotFound() {
        return detail(404, "Workflow not found");
    }

    int status() {
        return status;
    }

    JsonNode body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }
}
