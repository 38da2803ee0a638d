package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An edge became {@code active}, {@code completed} or {@code drained}. Gen C puts the job id into {@code workflow_id} here.
 *
 * @param edgeId the {@code edge_id}
 * @param status the {@code status} string
 * @param counter the {@code counter}, or null
 * @param raw the decoded object; read-only
 */
public record EdgeUpdate(String edgeId, String status, Long counter, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "edge_update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdgeUpdate && Trees.equivalent(raw, ((EdgeUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
