package ai.nodetool.client.workflows;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/** A graph edge from {@code source.sourceHandle} to {@code target.targetHandle} (protocol-notes §4.1). Immutable. */
public final class Edge extends JsonBacked {
    private static final Set<String> KNOWN =
            Set.of("id", "source", "sourceHandle", "target", "targetHandle", "ui_properties", "edge_type", "type");

    private Edge(ObjectNode json) {
        super(json);
    }

    /**
     * @param id edge id, may be null
     * @param source source node id
     * @param sourceHandle source output handle, e.g. {@code output}
     * @param target target node id
     * @param targetHandle target property, e.g. {@code value}
     * @return the edge
     */
    public static Edge of(String id, String source, String sourceHandle, String target, String targetHandle) {
        ObjectNode n = newObject();
        if (id != null) {
            n.put("id", id);
        }
        n.put("source", Objects.requireNonNull(source, "source"));
        n.put("sourceHandle", Objects.requireNonNull(sourceHandle, "sourceHandle"));
        n.put("target", Objects.requireNonNull(target, "target"));
        n.put("targetHandle", Objects.requireNonNull(targetHandle, "targetHandle"));
        return new Edge(n);
    }

    /**
     * @param json an edge object (copied)
     * @return the edge
     */
    public static Edge fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("an edge must be a JSON object");
        }
        return new Edge(((ObjectNode) json).deepCopy());
    }

    /** @return the edge id, or null */
    public String id() {
        return Trees.scalarText(json, "id");
    }

    /** @return the source node id */
    public String source() {
        return text("source");
    }

    /** @return the source handle */
    public String sourceHandle() {
        return text("sourceHandle");
    }

    /** @return the target node id */
    public String target() {
        return text("target");
    }

    /** @return the target handle */
    public String targetHandle() {
        return text("targetHandle");
    }

    /** @return {@code data} or {@code control} ({@code edge_type}, legacy {@code type}), or null */
    public String edgeType() {
        String t = text("edge_type");
        return t != null ? t : text("type");
    }

    @Override
    Set<String> knownFields() {
        return KNOWN;
    }

    @Override
    public String toString() {
        return "Edge{" + source() + "." + sourceHandle() + " -> " + target() + "." + targetHandle() + "}";
    }
}
