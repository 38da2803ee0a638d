package ai.nodetool.testserver.internal.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The test-only workflow objects that {@code NodeToolTestServer.registerScript} and
 * {@code registerFirehose} store: an empty graph plus a {@code script} the engine plays back, or a
 * {@code firehose} the REST streams generate.
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
