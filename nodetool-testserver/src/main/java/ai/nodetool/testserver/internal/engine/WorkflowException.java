package ai.nodetool.testserver.internal.engine;

/**
 * A workflow that cannot be run: no graph, a graph without {@code nodes}/{@code edges} arrays, an
 * edge to a missing node, an unknown node type, a cycle, or a malformed script.
 *
 * <p>Thrown synchronously by {@link WorkflowEngine#start}; nothing has been emitted then. The
 * message is written for a client and fits a {@code {"detail": "..."}} body as it is (protocol-notes
 * §2.3).
 */
public final class WorkflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the client-facing reason, never null
     */
    public WorkflowException(String message) {
        super(message);
    }
}
