package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A provider prediction record (status pending, running, completed, failed ...).
 *
 * @param id the prediction id
 * @param userId the {@code user_id}
 * @param nodeId the {@code node_id}, or null
 * @param status the {@code status} string
 * @param error the error text ({@code error}), or null
 * @param raw the decoded object; read-only
 */
public record Prediction(String id, String userId, String nodeId, String status, String error, ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "prediction";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction && Trees.equivalent(raw, ((Prediction) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
