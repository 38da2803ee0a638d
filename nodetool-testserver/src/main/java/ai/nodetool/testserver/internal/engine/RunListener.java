package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives the node-level processing messages of one run, in emission order, on the run's thread.
 * Messages are in the engine's canonical shape (Gen C field names, see protocol-notes §8.1);
 * the protocol layers adapt them per generation and transport (job_update framing, Gen A's
 * {@code error} key, media encoding of protocol-notes §10).
 *
 * <p>With {@link WorkflowEngine} each message is a fresh object the listener owns and may modify (for
 * example to stamp {@code job_id}); the engine never sets {@code job_id} or {@code workflow_id}. A
 * listener that throws stops the run, which then ends {@code failed}.
 */
@FunctionalInterface
public interface RunListener {
    void onMessage(ObjectNode message);

    /**
     * The run-level {@code {"type":"error","message"}} that follows a failing node's
     * {@code node_update error}. Gen A relays it (the default); Gen C's kernel and relay send no such
     * frame for a node failure (protocol-notes §8.6), so a Gen C listener drops it.
     *
     * @param message the error message, which the listener owns
     */
    default void onNodeFailureError(ObjectNode message) {
        onMessage(message);
    }

    /**
     * A burst of messages begins ({@code true}) or ends ({@code false}): the run will send the next
     * messages back to back (a heavy workload), so a transport may batch their writes until the burst
     * ends. A burst always ends before the run's outcome completes.
     *
     * @param bursting whether a burst begins
     */
    default void burst(boolean bursting) {}
}
