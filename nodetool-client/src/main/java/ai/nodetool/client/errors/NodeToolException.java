package ai.nodetool.client.errors;

/**
 * Root of every exception the NodeTool client throws. All client exceptions are unchecked.
 *
 * <p>Messages never contain the API token: the client scrubs it from any text it builds,
 * including text echoed back by the server.
 */
public class NodeToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message description of the failure; never contains the API token
     */
    public NodeToolException(String message) {
        super(message);
    }

    /**
     * @param message description of the failure; never contains the API token
     * @param cause underlying cause, may be null
     */
    public NodeToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
