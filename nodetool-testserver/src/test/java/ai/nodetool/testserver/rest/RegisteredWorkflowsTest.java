package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.ServerConfigurer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflows registered through the Java API (a graph, or a script) are served and run like any other. */
class RegisteredWorkflowsTest {

    private static final String CONCAT_GRAPH = """
            {"id": "joined", "name": "Joined", "graph": {
              "nodes": [
                {"id": "a", "type": "nodetool.input.StringInput", "data": {"name": "first", "value": ""}},
                {"id": "b", "type": "nodetool.input.StringInput", "data": {"name": "second", "value": "!"}},
                {"id": "cat", "type": "nodetool.text.Concat", "data": {}},
                {"id": "out", "type": "nodetool.output.Output", "data": {"name": "joined"}}],
              "edges": [
                {"id": "e1", "source": "a", "sourceHandle": "output", "target": "cat", "targetHandle": "a"},
                {"id": "e2", "source": "b", "sourceHandle": "output", "target": "cat", "targetHandle": "b"},
                {"id": "e3", "source": "cat", "sourceHandle": "output", "target": "out", "targetHandle": "value"}]}}
            """;

    private static List<Map<String, ?>> script() {
        return List.of(
                Map.of(
                        "type",
                        "log_update",
                        "node_id",
                        "n",
                        "node_name",
                        "Scripted",
                        "content",
                        "step one",
                        "severity",
                        "info",
                        "delay_ms",
                        5),
                Map.of(
                        "type",
                        "output_update",
                        "node_id",
                        "o",
                        "node_name",
                        "Answer",
                        "output_name",
                        "answer",
                        "value",
                        42,
                        "output_type",
                        "int",
                        "metadata",
                        Map.of()));
    }

    /** Only the registered workflows, so the list shows exactly them. */
    static final class NoDemoWorkflows implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.demoWorkflows(false);
        }
    }

    @BothGenerations(configure = NoDemoWorkflows.class)
    void aRegisteredGraphIsListedAndRuns(NodeToolTestServer server, Generation generation) {
        assertThat(server.registerWorkflow(CONCAT_GRAPH)).isEqualTo("joined");
        Http http = new Http(server);
        String prefix = generation == Generation.LEGACY ? "/api/workflows/" : "/api/workflows";
        JsonNode list = Http.json(http.get(prefix));
        assertThat(list.path("workflows"))
                .extracting(w -> w.path("id").asText())
                .containsExactly("joined");

        JsonNode run = Http.json(http.post("/api/workflows/joined/run", "{\"params\":{\"first\":\"Hi\"}}"));
        if (generation == Generation.LEGACY) {
            assertThat(run.toString()).isEqualTo("{\"joined\":\"Hi!\"}");
        } else {
            assertThat(run.path("status").asText()).isEqualTo("completed");
            assertThat(run.path("outputs").toString()).isEqualTo("{\"joined\":[\"Hi!\"]}");
        }
    }

    @BothGenerations
    void aRegisteredScriptIsPlayedBackByBlockingRuns(NodeToolTestServer server, Generation generation) {
        server.registerScript("scripted", "Scripted", script());
        JsonNode run = Http.json(new Http(server).post("/api/workflows/scripted/run", "{}"));
        if (generation == Generation.LEGACY) {
            assertThat(run.toString()).isEqualTo("{\"answer\":42}");
        } else {
            assertThat(run.path("status").asText()).isEqualTo("completed");
            assertThat(run.path("outputs").toString()).isEqualTo("{\"answer\":[42]}");
        }
    }

    @Test
    void aRegisteredScriptIsPlayedBackInOrderOverNdjson() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerScript("scripted", "Scripted", script());
            String body = new Http(server)
                    .post("/api/workflows/scripted/run?stream=true", "{}")
                    .body();
            List<String> lines = Arrays.asList(body.split("\n"));
            List<String> types =
                    lines.stream().map(l -> parse(l).path("type").asText()).toList();
            // The run's own running and terminal job_update frame the scripted messages.
            assertThat(types)
                    .containsExactly("job_update", "log_update", "output_update", "job_update", "job_completed");
            assertThat(parse(lines.get(3)).path("result").toString()).isEqualTo("{\"answer\":[42]}");
            // delay_ms is a pause, never sent.
            assertThat(body).doesNotContain("delay_ms").contains("\"content\": \"step one\"");
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Http.JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
