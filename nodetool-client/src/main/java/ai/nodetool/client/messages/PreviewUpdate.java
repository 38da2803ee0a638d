package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A preview value for a node (Gen A/B only).
 *
 * @param nodeId the {@code node_id}, or null
 * @param value the value as received (may be a media object, see AssetRef), or null when absent
 * @param raw the decoded object; read-only
 */
public record PreviewUpdate(String nodeId, JsonNode value, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "preview_update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreviewUpdate && Trees.equivalent(raw, ((PreviewUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
