package ai.nodetool.client.errors;

import java.util.List;
import java.util.Map;

/** 401 Unauthorized: no token, or a token the server refuses. Also used for a refused WebSocket upgrade and for close code 1008. */
public class AuthenticationException extends NodeToolHttpException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message full exception message
     * @param statusCode the HTTP status
     * @param headers response headers (names lower-case)
     * @param errorMessage the server's error text, or null
     * @param rawBody the response body as text
     */
    public AuthenticationException(
            String message, int statusCode, Map<String, List<String>> headers, String errorMessage, String rawBody) {
        super(message, statusCode, headers, errorMessage, rawBody);
    }
}
