package ai.nodetool.client.messages;

import ai.nodetool.client.internal.codec.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An output node produced a value. {@code outputName} is the public output name (Gen C) and {@code nodeName} the node title; the Worker SSE form carries only {@code node_name} and {@code value}.
 *
 * @param nodeId see PROTOCOL.md §4.7
 * @param nodeName see PROTOCOL.md §4.7
 * @param outputName see PROTOCOL.md §4.7
 * @param value see PROTOCOL.md §4.7
 * @param outputType see PROTOCOL.md §4.7
 * @param metadata see PROTOCOL.md §4.7
 * @param disposition see PROTOCOL.md §4.7
 * @param done see PROTOCOL.md §4.7
 * @param raw see PROTOCOL.md §4.7
 */
public record OutputUpdate(String nodeId, String nodeName, String outputName, JsonNode value, String outputType, JsonNode metadata, String disposition, Boolean done, ObjectNode raw) implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "output_update";

    @Override
    public String type() {
        return TYPE;
    }

    /** @return the value as plain Java (String, Long, Double, Boolean, List, Map, byte[], AssetRef), may be null */
    public Object javaValue() {
        return ai.nodetool.client.internal.codec.Values.toJava(value);
    }

    /** @return the value as an asset reference, when it is one */
    public java.util.Optional<AssetRef> asset() {
        return AssetRef.isAssetRef(value) ? java.util.Optional.of(AssetRef.of(value)) : java.util.Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputUpdate && Trees.equivalent(raw, ((OutputUpdate) o).raw);
    }

    @Override
    public int hashCode() {
        return Trees.hash(raw);
    }
}
