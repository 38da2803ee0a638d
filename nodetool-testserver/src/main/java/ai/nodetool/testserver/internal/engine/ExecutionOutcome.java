package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link GraphExecution} ended.
 *
 * @param status {@code completed}, {@code failed} or {@code cancelled}
 * @param error the failure text when failed, else null
 * @param outputs every value each output produced, keyed by the output node's {@code data.name}
 *     (node id when it has none), in order: the keys Gen A uses everywhere and Gen C uses over REST and
 *     with {@code require_terminal_result} (protocol-notes §8.5)
 * @param outputsByKernelName the same values keyed as Gen C's WebSocket loader names nodes: a saved
 *     top-level {@code name}, else the node class title; equal keys merge into one list (protocol-notes §8.5)
 * @param nodeErrors the nodes that failed, node id to message, in order (empty unless a node failed)
 */
public record ExecutionOutcome(
        String status,
        String error,
        Map<String, List<JsonNode>> outputs,
        Map<String, List<JsonNode>> outputsByKernelName,
        Map<String, String> nodeErrors) {

    /** {@link #outputs()} as a JSON object of arrays, every value copied. */
    public ObjectNode outputsAsJson() {
        return asJson(outputs);
    }

    /** {@link #outputsByKernelName()} as a JSON object of arrays, every value copied. */
    public ObjectNode outputsByKernelNameAsJson() {
        return asJson(outputsByKernelName);
    }

    /** The last value of every output, keyed like {@link #outputs()} (Gen A's flat run result, protocol-notes §5.2). */
    public Map<String, JsonNode> lastByName() {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        outputs.forEach((name, values) -> {
            if (!values.isEmpty()) {
                last.put(name, values.get(values.size() - 1));
            }
        });
        return last;
    }

    private static ObjectNode asJson(Map<String, List<JsonNode>> map) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<JsonNode>> output : map.entrySet()) {
            ArrayNode values = json.putArray(output.getKey());
            output.getValue().forEach(v -> values.add(v.deepCopy()));
        }
        return json;
    }
}
