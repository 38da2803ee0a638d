package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A piece of streamed content ({@code content} is base64 for binary content types).
 *
 * @param nodeId the {@code node_id}, or null
 * @param content the text ({@code content}); base64 for binary chunks
 * @param contentType {@code text}, {@code audio}, {@code image}, ... ({@code content_type}), or null
 * @param contentMetadata the {@code content_metadata} object, or null
 * @param done the {@code done} flag, or null when absent
 * @param thinking true for model reasoning text
 * @param raw the decoded object; read-only
 */
public record Chunk(
        String nodeId,
        String content,
        String contentType,
        JsonNode contentMetadata,
        boolean done,
        boolean thinking,
        ObjectNode raw)
        implements JobMessage {
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
