package ai.nodetool.testserver.internal.engine;

/** A node failed; its message becomes the node's {@code error} and the run's error. */
final class NodeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NodeFailure(String message) {
        super(message);
    }
}
