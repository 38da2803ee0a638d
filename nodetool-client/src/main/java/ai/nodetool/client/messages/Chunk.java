package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A piece of streamed content ({@code content} is base64 for binary content types).
 *
 * @param nodeId see PROTOCOL.md §4.7
 * @param content see PROTOCOL.md §4.7
 * @param contentType see PROTOCOL.md §4.7
 * @param contentMetadata see PROTOCOL.md §4.7
 * @param done see PROTOCOL.md §4.7
 * @param thinking see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
 */
public record Chunk(String nodeId, String content, String contentType, JsonNode contentMetadata, boolean done, boolean thinking, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "chunk";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chunk && Trees.equivalent(raw, ((Chunk) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
