package ai.nodetool.client.errors;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with a non-2xx HTTP status. Subclasses name the common status classes
 * (see {@code docs/errors.md}); {@link UnexpectedStatusException} covers the rest.
 *
 * <p>{@link #errorMessage()} is the server's own text, parsed from the body's {@code detail}
 * (a string, or FastAPI's 422 list, joined), {@code error} (Gen C 401) or {@code message} field
 * (protocol-notes §2.3).
 */
public class NodeToolHttpException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    @SuppressWarnings("serial") // always a Map.copyOf, which is serializable (javac 18+ cannot tell)
    private final Map<String, List<String>> headers;

    private final String errorMessage;
    private final String rawBody;

    /**
     * @param message full exception message
     * @param statusCode the HTTP status
     * @param headers response headers (names lower-case), never null
     * @param errorMessage the server's error text, or null if the body had none
     * @param rawBody the response body as text (possibly cut to a size limit), never null
     */
    public NodeToolHttpException(
            String message, int statusCode, Map<String, List<String>> headers, String errorMessage, String rawBody) {
        super(message);
        this.statusCode = statusCode;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.errorMessage = errorMessage;
        this.rawBody = rawBody == null ? "" : rawBody;
    }

    /** @return the HTTP status code */
    public int statusCode() {
        return statusCode;
    }

    /** @return the response headers, keys in lower case, never null */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name header name, case-insensitive
     * @return the first value of that header
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the server's {@code X-Request-Id}, if it sent one (Gen C always does) */
    public Optional<String> requestId() {
        return header("x-request-id");
    }

    /** @return the error text parsed from the body, or null when the body carried none */
    public String errorMessage() {
        return errorMessage;
    }

    /** @return the raw response body (possibly cut to a size limit), never null */
    public String rawBody() {
        return rawBody;
    }
    /**
     * The {@code code} of an SDK v1 error envelope {@code {"code","message","retryable"}} (protocol-notes §11.3),
     * e.g. {@code WORKFLOW_NOT_FOUND} or {@code UPLOAD_TOO_LARGE}.
     *
     * @return the code, or empty when the body is not such an envelope
     */
    public Optional<String> errorCode() {
        com.fasterxml.jackson.databind.JsonNode body = envelope();
        return body == null ? Optional.empty() : Optional.of(body.get("code").asText());
    }

    /**
     * The {@code retryable} flag of an SDK v1 error envelope (protocol-notes §11.3): the server says whether the
     * same request may succeed later.
     *
     * @return the flag, or empty when the body is not such an envelope or has no boolean {@code retryable}
     */
    public Optional<Boolean> retryable() {
        com.fasterxml.jackson.databind.JsonNode body = envelope();
        if (body == null || !body.path("retryable").isBoolean()) {
            return Optional.empty();
        }
        return Optional.of(body.get("retryable").booleanValue());
    }

    private com.fasterxml.jackson.databind.JsonNode envelope() {
        if (rawBody.isEmpty() || rawBody.charAt(0) != '{') {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n =
                    ai.nodetool.client.internal.json.Json.mapper().readTree(rawBody);
            return n != null && n.isObject() && n.path("code").isTextual() ? n : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
