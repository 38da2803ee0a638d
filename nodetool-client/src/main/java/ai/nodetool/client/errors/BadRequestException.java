package ai.nodetool.client.errors;

import java.util.List;
import java.util.Map;

/** 400 Bad Request: the server rejected the request (Gen C route-specific validation). */
public class BadRequestException extends NodeToolHttpException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message full exception message
     * @param statusCode the HTTP status
     * @param headers response headers (names lower-case)
     * @param errorMessage the server's error text, or null
     * @param rawBody the response body as text
     */
    public BadRequestException(
            String message, int statusCode, Map<String, List<String>> headers, String errorMessage, String rawBody) {
        super(message, statusCode, headers, errorMessage, rawBody);
    }
}
