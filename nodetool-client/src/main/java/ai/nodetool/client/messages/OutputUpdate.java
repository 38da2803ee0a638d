package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An output node produced a value. {@code outputName} is the public output name (Gen C) and {@code nodeName} the node title; the Worker SSE form carries only {@code node_name} and {@code value}.
 *
 * @param nodeId the {@code node_id}, or null
 * @param nodeName the node display name/title ({@code node_name}), or null
 * @param outputName the public output name ({@code output_name}), or null (Worker SSE)
 * @param value the value as received (may be a media object, see AssetRef), or null when absent
 * @param outputType the declared type ({@code output_type}), or null
 * @param metadata the {@code metadata} object, or null
 * @param disposition {@code append} or {@code replace}; null means append
 * @param done the {@code done} flag, or null when absent
 * @param raw the decoded object; read-only
 */
public record OutputUpdate(
        String nodeId,
        String nodeName,
        String outputName,
        JsonNode value,
        String outputType,
        JsonNode metadata,
        String disposition,
        Boolean done,
        ObjectNode raw)
        implements JobMessage {
    /** Wire type of this message. */
    public static final String TYPE = "output_update";

    @Override
    public String type() {
        return TYPE;
    }

    /** @return the value as plain Java (String, Long, Double, Boolean, List, Map, byte[], AssetRef), may be null */
    public Object javaValue() {
        return JavaValues.toJava(value);
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
