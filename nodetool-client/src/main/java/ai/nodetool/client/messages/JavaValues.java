package ai.nodetool.client.messages;

import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts wire values to plain Java values for {@code RunResult} and typed accessors. */
final class JavaValues {
    private JavaValues() {}

    /**
     * @param node a wire value (null or missing gives null)
     * @return String, Integer or Long (integral numbers), Double, Boolean, byte[] ({@code bin}),
     *     AssetRef (media objects, protocol-notes §10.1), unmodifiable List or Map (insertion ordered),
     *     or null
     */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (node.canConvertToInt()) {
                return node.intValue();
            }
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBinary()) {
            return Trees.bytes(node);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode e : node) {
                list.add(toJava(e));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isObject()) {
            if (AssetRef.isAssetRef(node)) {
                return AssetRef.of(node);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        return node.asText();
    }
}
