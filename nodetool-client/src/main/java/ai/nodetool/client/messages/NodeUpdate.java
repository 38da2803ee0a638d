package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node changed status ({@code running}, {@code completed} with {@code result}, {@code error} with {@code error}).
 *
 * @param nodeId the {@code node_id}, or null
 * @param nodeName the node display name/title ({@code node_name}), or null
 * @param nodeType the dotted {@code node_type}, or null
 * @param status the {@code status} string
 * @param error the error text ({@code error}), or null
 * @param result the {@code result} object, or null when absent or null
 * @param properties the {@code properties} object, or null
 * @param raw the decoded object; read-only
 */
public record NodeUpdate(
        String nodeId,
        String nodeName,
        String nodeType,
        String status,
        String error,
        JsonNode result,
        JsonNode properties,
        ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "node_update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeUpdate && Trees.equivalent(raw, ((NodeUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
