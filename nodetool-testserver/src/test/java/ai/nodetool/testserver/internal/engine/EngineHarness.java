package ai.nodetool.testserver.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Small helpers shared by the engine tests. */
final class EngineHarness {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long TIMEOUT_SECONDS = 10;

    private EngineHarness() {}

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode workflowWithGraph(String graphJson) {
        ObjectNode w = MAPPER.createObjectNode();
        w.put("id", "wf");
        w.put("name", "test");
        w.set("graph", json(graphJson));
        return w;
    }

    /** A finished run: every message the listener saw plus the outcome. */
    record Finished(List<ObjectNode> messages, ExecutionOutcome outcome) {
        List<String> summary() {
            return messages.stream().map(EngineHarness::describe).collect(Collectors.toList());
        }

        List<ObjectNode> ofType(String type) {
            return messages.stream()
                    .filter(m -> type.equals(m.path("type").asText()))
                    .collect(Collectors.toList());
        }
    }

    static Finished run(WorkflowEngine engine, JsonNode workflow, JsonNode params) throws Exception {
        List<ObjectNode> messages = new CopyOnWriteArrayList<>();
        GraphExecution execution = engine.start("job-1", workflow, params, messages::add);
        ExecutionOutcome outcome = execution.outcome().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(execution.jobId()).isEqualTo("job-1");
        return new Finished(List.copyOf(messages), outcome);
    }

    /** A compact form of a message for order assertions, e.g. {@code node_update:add:running}. */
    static String describe(ObjectNode m) {
        String type = m.path("type").asText();
        switch (type) {
            case "node_update":
                return type + ":" + m.path("node_id").asText() + ":"
                        + m.path("status").asText();
            case "edge_update":
                return type + ":" + m.path("edge_id").asText() + ":"
                        + m.path("status").asText();
            case "output_update":
                return type + ":" + m.path("output_name").asText();
            case "node_progress":
                return type + ":" + m.path("progress").asText() + "/"
                        + m.path("total").asText();
            case "chunk":
                return type + ":" + m.path("content").asText() + (m.path("done").asBoolean() ? ":done" : "");
            default:
                return type;
        }
    }
}
