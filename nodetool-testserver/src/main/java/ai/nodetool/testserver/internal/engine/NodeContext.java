package ai.nodetool.testserver.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a node sees while it processes: its inputs, the run's params, and ways to emit messages and to
 * wait cancellably. Used only on the run's thread.
 */
final class NodeContext {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    final Graph.GraphNode node;
    /** The node's {@code data} overridden by incoming edge values, keyed by target handle. */
    final ObjectNode inputs;
    /** Items that arrived one by one on a target handle (from a streaming node), else absent. */
    final Map<String, List<JsonNode>> inputStreams;
    /** The run's params object, never null. */
    final JsonNode params;
    /** Items this node streamed out, per output handle; downstream Output nodes emit one update each. */
    final Map<String, List<JsonNode>> outputStreams = new HashMap<>();
    /** {@code output_update} messages, emitted by the engine between the edge updates (protocol-notes §8.3). */
    final List<ObjectNode> outputUpdates = new ArrayList<>();

    private final GraphExecution run;

    NodeContext(
            Graph.GraphNode node,
            ObjectNode inputs,
            Map<String, List<JsonNode>> inputStreams,
            JsonNode params,
            GraphExecution run) {
        this.node = node;
        this.inputs = inputs;
        this.inputStreams = inputStreams;
        this.params = params;
        this.run = run;
    }

    /** Emits a message now; throws the run's cancellation signal when the run was cancelled. */
    void emit(ObjectNode message) {
        run.emit(message);
    }

    /** Waits {@code millis}, returning early by throwing the cancellation signal on cancel. */
    void sleep(long millis) {
        run.sleep(millis);
    }

    /** Where media references without inline bytes are read from. */
    MediaSource media() {
        return run.media();
    }

    /** The input value or null when absent or JSON null. */
    JsonNode input(String name) {
        JsonNode v = inputs.get(name);
        return v == null || v.isNull() ? null : v;
    }

    long longInput(String name, long fallback, long min, long max) {
        JsonNode raw = input(name);
        long value;
        try {
            JsonNode v = Values.toInteger(raw);
            value = v == null ? fallback : v.longValue();
        } catch (IllegalArgumentException e) {
            throw new NodeFailure("Input '" + name + "' of " + node.title() + ": " + e.getMessage());
        }
        if (value < min || value > max) {
            throw new NodeFailure("Input '" + name + "' of " + node.title() + " must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }

    String textInput(String name, String fallback) {
        JsonNode v = input(name);
        return v == null ? fallback : Values.text(v);
    }

    ObjectNode messageFor(String type) {
        ObjectNode m = JSON.objectNode();
        m.put("type", type);
        m.put("node_id", node.id());
        return m;
    }
}
