package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * How a {@link GraphExecution} ended.
 *
 * @param status {@code completed}, {@code failed} or {@code cancelled}
 * @param error the failure text when failed, else null
 * @param outputs every value each output produced, keyed by the output node's {@code data.name}
 *     (node id when it has none), in order (Gen C {@code outputs} shape)
 * @param outputsByTitle last value per output node display title (Gen A flat run result)
 */
public record ExecutionOutcome(
        String status, String error, Map<String, List<JsonNode>> outputs, Map<String, JsonNode> outputsByTitle) {

    /** {@link #outputs()} as a JSON object of arrays, every value copied. */
    public ObjectNode outputsAsJson() {
        ObjectNode map = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<JsonNode>> output : outputs.entrySet()) {
            ArrayNode values = map.putArray(output.getKey());
            output.getValue().forEach(v -> values.add(v.deepCopy()));
        }
        return map;
    }
}
