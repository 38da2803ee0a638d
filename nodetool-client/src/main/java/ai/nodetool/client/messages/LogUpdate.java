package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A log line from a node.
 *
 * @param nodeId the {@code node_id}, or null
 * @param nodeName the node display name/title ({@code node_name}), or null
 * @param content the text ({@code content}); base64 for binary chunks
 * @param severity {@code info}, {@code warning} or {@code error}
 * @param raw the decoded object; read-only
 */
public record LogUpdate(String nodeId, String nodeName, String content, String severity, ObjectNode raw)
        implements JobMessage {
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
