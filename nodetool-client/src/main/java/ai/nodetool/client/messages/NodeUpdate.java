package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A node changed status ({@code running}, {@code completed} with {@code result}, {@code error} with {@code error}).
 *
 * @param nodeId see PROTOCOL.md §4.7
 * @param nodeName see PROTOCOL.md §4.7
 * @param nodeType see PROTOCOL.md §4.7
 * @param status see PROTOCOL.md §4.7
 * @param error see PROTOCOL.md §4.7
 * @param result see PROTOCOL.md §4.7
 * @param properties see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
 */
public record NodeUpdate(String nodeId, String nodeName, String nodeType, String status, String error, JsonNode result, JsonNode properties, ObjectNode raw) implements JobMessage {
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
