package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Progress of a long-running node: {@code progress} out of {@code total}.
 *
 * @param nodeId the {@code node_id}, or null
 * @param progress work done ({@code progress}); 0 when absent
 * @param total total work ({@code total}); 0 when absent
 * @param chunk the optional {@code chunk} text, or null
 * @param raw the decoded object; read-only
 */
public record NodeProgress(String nodeId, double progress, double total, String chunk, ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "node_progress";

    @Override
    public String type() {
        return TYPE;
    }

    /** @return progress as a fraction 0..1, or 0 when total is not positive */
    public double fraction() {
        return total > 0 ? progress / total : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeProgress && Trees.equivalent(raw, ((NodeProgress) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
