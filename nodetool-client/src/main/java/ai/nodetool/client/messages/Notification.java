package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A notification from a node ({@code nodeId} may be empty).
 *
 * @param nodeId the {@code node_id}, or null
 * @param content the text ({@code content}); base64 for binary chunks
 * @param severity {@code info}, {@code warning} or {@code error}
 * @param raw the decoded object; read-only
 */
public record Notification(String nodeId, String content, String severity, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "notification";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification && Trees.equivalent(raw, ((Notification) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
