package ai.nodetool.client.workflows;

import ai.nodetool.client.internal.json.Json;
import ai.nodetool.client.internal.json.Trees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shared base of the model types that keep the JSON they came from (unknown fields included).
 * Instances are immutable and thread-safe: accessors returning JSON return copies.
 */
abstract class JsonBacked {
    final ObjectNode json;

    JsonBacked(ObjectNode json) {
        this.json = json;
    }

    /** @return a copy of the full JSON object, unknown fields included */
    public ObjectNode raw() {
        return json.deepCopy();
    }

    /**
     * @param field a JSON field name
     * @return the field's value (a copy), or null when absent
     */
    public JsonNode get(String field) {
        JsonNode v = json.get(field);
        return v == null ? null : v.deepCopy();
    }

    /** @return fields this SDK does not model, by name (copies), in server order */
    public Map<String, JsonNode> unknownFields() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (!knownFields().contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    abstract Set<String> knownFields();

    String text(String field) {
        return Trees.text(json, field);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Trees.equivalent(json, ((JsonBacked) o).json);
    }

    @Override
    public int hashCode() {
        return Trees.hash(json);
    }

    static ObjectNode newObject() {
        return Json.mapper().createObjectNode();
    }
}
