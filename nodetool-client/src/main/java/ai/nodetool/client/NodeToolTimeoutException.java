package ai.nodetool.client;

/**
 * A timeout: connecting, reading, or a stream's idle timeout (no data from the server for
 * longer than configured). The message says which one.
 */
public class NodeToolTimeoutException extends NodeToolIOException {

    /**
     * @param message which timeout expired, and after how long
     */
    public NodeToolTimeoutException(String message) {
        super(message);
    }

    /**
     * @param message which timeout expired, and after how long
     * @param cause the underlying failure, may be {@code null}
     */
    public NodeToolTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
