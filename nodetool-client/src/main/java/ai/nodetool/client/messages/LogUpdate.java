package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A log line from a node.
 *
 * @param nodeId see PROTOCOL.md §4.7
 * @param nodeName see PROTOCOL.md §4.7
 * @param content see PROTOCOL.md §4.7
 * @param severity see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
 */
public record LogUpdate(String nodeId, String nodeName, String content, String severity, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "log_update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogUpdate && Trees.equivalent(raw, ((LogUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
