package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The test-only workflow objects that {@code NodeToolTestServer.registerScript} and
 * {@code registerFirehose}, {@code registerProgress} and {@code registerLargeBinary} store: an empty
 * graph plus a {@code script} the engine plays back, or a {@code firehose}, {@code progress} or
 * {@code large_binary} workload the engine generates (the REST streams generate the firehose
 * themselves).
 */
public final class RegisteredWorkflows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RegisteredWorkflows() {}

    /** A workflow whose run plays {@code messages} back in order. */
    public static ObjectNode script(String id, String name, List<JsonNode> messages) {
        ObjectNode workflow = withEmptyGraph(id, name == null ? id : name);
        workflow.putArray("script").addAll(messages);
        return workflow;
    }

    /** A workflow whose streamed run sends {@code count} messages of {@code payloadBytes} each. */
    public static ObjectNode firehose(String id, int count, int payloadBytes) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (payloadBytes < 1) {
            throw new IllegalArgumentException("payloadBytes must be at least 1");
        }
        ObjectNode workflow = withEmptyGraph(id, "Firehose " + id);
        ObjectNode firehose = workflow.putObject("firehose");
        firehose.put("count", count);
        firehose.put("payload_bytes", payloadBytes);
        return workflow;
    }

    /** A workflow whose run reports {@code steps} {@code node_progress} messages of one node. */
    public static ObjectNode progress(String id, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative");
        }
        ObjectNode workflow = withEmptyGraph(id, "Progress " + id);
        workflow.putObject("progress").put("steps", steps);
        return workflow;
    }

    /** A workflow whose run outputs one asset ref of {@code bytes} pattern bytes. */
    public static ObjectNode largeBinary(String id, long bytes, String assetType) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative");
        }
        if (assetType == null || assetType.isBlank()) {
            throw new IllegalArgumentException("assetType must not be blank");
        }
        ObjectNode workflow = withEmptyGraph(id, "Large binary " + id);
        ObjectNode spec = workflow.putObject("large_binary");
        spec.put("bytes", bytes);
        spec.put("asset_type", assetType);
        return workflow;
    }

    private static ObjectNode withEmptyGraph(String id, String name) {
        ObjectNode workflow = JSON.objectNode();
        workflow.put("id", id);
        workflow.put("name", name);
        ObjectNode graph = workflow.putObject("graph");
        graph.putArray("nodes");
        graph.putArray("edges");
        return workflow;
    }
}
