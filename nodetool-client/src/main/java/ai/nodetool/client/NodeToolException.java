package ai.nodetool.client;

/**
 * Root of every exception the NodeTool client throws or signals. All are unchecked.
 *
 * <p>Messages never contain the API token.
 */
public class NodeToolException extends RuntimeException {

    /**
     * @param message what went wrong, never containing a credential
     */
    public NodeToolException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, never containing a credential
     * @param cause the underlying failure, may be {@code null}
     */
    public NodeToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
