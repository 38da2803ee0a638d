package ai.nodetool.client.errors;

/**
 * The WebSocket session this operation belonged to was closed by the application
 * ({@code JobSession.close()}) before the operation finished. Every open job publisher and every
 * pending command or result of that session ends with this exception.
 *
 * <p>Closing a session does not cancel its jobs: they keep running on the server, as they do in
 * NodeTool when a browser tab closes (protocol-notes §9.2). A later session can attach to one with
 * {@code reconnectJob}.
 */
public class SessionClosedException extends NodeToolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was interrupted; never contains the API token
     */
    public SessionClosedException(String message) {
        super(message);
    }
}
