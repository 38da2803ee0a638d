package ai.nodetool.client.errors;

/**
 * A network failure: the server could not be reached, the connection broke, or the call was
 * aborted. Timeouts are reported by the subclass {@link NodeToolTimeoutException}.
 */
public class NodeToolIOException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message description of the failure
     * @param cause the underlying I/O exception, may be null
     */
    public NodeToolIOException(String message, Throwable cause) {
        super(message, cause);
    }
}
