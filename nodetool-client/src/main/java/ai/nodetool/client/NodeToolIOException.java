package ai.nodetool.client;

import java.io.IOException;

/**
 * A network failure: the connection could not be made, was lost, or reading from it failed.
 * The cause is usually the {@link IOException} that the transport reported.
 */
public class NodeToolIOException extends NodeToolException {

    /**
     * @param message what failed
     * @param cause the underlying I/O failure, may be {@code null}
     */
    public NodeToolIOException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what failed
     */
    public NodeToolIOException(String message) {
        super(message);
    }
}
