package ai.nodetool.client.workflows;

import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A graph node (protocol-notes §4.1): {@code id}, dotted {@code type}, property values in
 * {@code data} (the runner also accepts {@code properties}), and optional UI fields. Extra keys
 * are kept. Immutable.
 */
public final class Node extends JsonBacked {
    private static final Set<String> KNOWN = Set.of(
            "id",
            "type",
            "parent_id",
            "data",
            "properties",
            "ui_properties",
            "dynamic_properties",
            "dynamic_outputs",
            "sync_mode");

    private Node(ObjectNode json) {
        super(json);
    }

    /**
     * @param id node id
     * @param type dotted node type, e.g. {@code nodetool.input.StringInput}
     * @param data property values (e.g. {@code name}, {@code value}); Jackson-serialisable
     * @return the node
     */
    public static Node of(String id, String type, Map<String, ?> data) {
        ObjectNode n = newObject();
        n.put("id", Objects.requireNonNull(id, "id"));
        n.put("type", Objects.requireNonNull(type, "type"));
        n.set("data", Json.mapper().valueToTree(data == null ? Map.of() : data));
        return new Node(n);
    }

    /**
     * @param json a node object (copied)
     * @return the node
     */
    public static Node fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a node must be a JSON object");
        }
        return new Node(((ObjectNode) json).deepCopy());
    }

    /** @return the node id */
    public String id() {
        return Trees.scalarText(json, "id");
    }

    /** @return the dotted node type */
    public String type() {
        return text("type");
    }

    /** @return the parent (group) node id, or null */
    public String parentId() {
        return text("parent_id");
    }

    /** @return the property values ({@code data}, or {@code properties}), a copy; empty object when absent */
    public ObjectNode data() {
        JsonNode d = Trees.nonNull(json, "data");
        if (d == null) {
            d = Trees.nonNull(json, "properties");
        }
        return d != null && d.isObject() ? ((ObjectNode) d).deepCopy() : newObject();
    }

    /** @return {@code data.name}: the parameter name of an input node, the output name of an output node */
    public String name() {
        return Trees.text(data(), "name");
    }

    /** @return true for {@code nodetool.input.*} nodes */
    public boolean isInput() {
        return type() != null && type().startsWith("nodetool.input.");
    }

    /** @return true for {@code nodetool.output.*} nodes */
    public boolean isOutput() {
        return type() != null && type().startsWith("nodetool.output.");
    }

    @Override
    Set<String> knownFields() {
        return KNOWN;
    }

    @Override
    public String toString() {
        return "Node{id=" + id() + ", type=" + type() + "}";
    }
}
