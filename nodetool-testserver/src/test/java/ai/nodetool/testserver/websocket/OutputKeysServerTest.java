package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output names and result keys (protocol-notes §5.2, §8.5): Gen C's WebSocket terminal result is keyed
 * by node class titles (equal keys merge) unless {@code require_terminal_result}; REST always renames;
 * {@code output_update.output_name} is the trimmed {@code name}; Gen A keys everything by the name.
 */
class OutputKeysServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two Output nodes ("first", " second " with spaces) and an unnamed one, fed by one input. */
    private static final Map<String, Object> TWO_OUTPUTS = Map.of(
            "id",
            "two",
            "name",
            "Two outputs",
            "graph",
            Map.of(
                    "nodes",
                    List.of(
                            Map.of(
                                    "id",
                                    "text",
                                    "type",
                                    "nodetool.input.StringInput",
                                    "data",
                                    Map.of("name", "text", "value", "v")),
                            Map.of("id", "o1", "type", "nodetool.output.Output", "data", Map.of("name", "first")),
                            Map.of("id", "o2", "type", "nodetool.output.Output", "data", Map.of("name", " second "))),
                    "edges",
                    List.of(
                            Map.of("source", "text", "sourceHandle", "output", "target", "o1", "targetHandle", "value"),
                            Map.of(
                                    "source",
                                    "text",
                                    "sourceHandle",
                                    "output",
                                    "target",
                                    "o2",
                                    "targetHandle",
                                    "value"))));

    private static List<JsonNode> run(NodeToolTestServer server, boolean requireTerminalResult) throws Exception {
        try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job", "job_id", "k", "workflow_id", "two", "require_terminal_result", requireTerminalResult));
            return client.until(WsClient.terminalWithResult());
        }
    }

    private static NodeToolTestServer server(Generation generation) {
        NodeToolTestServer server =
                NodeToolTestServer.builder().generation(generation).start();
        server.registerWorkflow(TWO_OUTPUTS);
        return server;
    }

    @Test
    void currentWebSocketKeysByClassTitleAndMergesEqualKeys() throws Exception {
        try (NodeToolTestServer server = server(Generation.CURRENT)) {
            List<JsonNode> frames = run(server, false);
            assertThat(frames.get(frames.size() - 1)
                            .path("result")
                            .path("outputs")
                            .toString())
                    .isEqualTo("{\"Output\":[\"v\",\"v\"]}");
            assertThat(frames.stream()
                            .filter(f -> f.path("type").asText().equals("output_update"))
                            .map(f -> f.path("output_name").asText()))
                    .containsExactly("first", "second");
        }
    }

    @Test
    void currentWebSocketWithRequireTerminalResultKeysByName() throws Exception {
        try (NodeToolTestServer server = server(Generation.CURRENT)) {
            List<JsonNode> frames = run(server, true);
            assertThat(frames.get(frames.size() - 1)
                            .path("result")
                            .path("outputs")
                            .toString())
                    .isEqualTo("{\"first\":[\"v\"],\" second \":[\"v\"]}");
        }
    }

    @Test
    void currentRestRunAlwaysKeysByName() throws Exception {
        try (NodeToolTestServer server = server(Generation.CURRENT)) {
            JsonNode body = post(server, "/api/workflows/two/run", "{}");
            assertThat(body.path("outputs").toString()).isEqualTo("{\"first\":[\"v\"],\" second \":[\"v\"]}");
        }
    }

    @Test
    void legacyKeysTheWebSocketResultTheFlatRunAndTheWorkerByName() throws Exception {
        try (NodeToolTestServer server = server(Generation.LEGACY)) {
            try (WsClient client = WsClient.connect(server.webSocketUrl())) {
                client.send(command("run_job", "workflow_id", "two"));
                List<JsonNode> frames = client.until(WsClient.jobUpdate("completed"));
                // Gen A's output node names its updates by the output's name, not the node's title.
                assertThat(frames.stream()
                                .filter(f -> f.path("type").asText().equals("output_update"))
                                .map(f -> f.path("node_name").asText()))
                        .containsExactly("first", "second");
                JsonNode done = frames.get(frames.size() - 1);
                assertThat(done.path("result").toString()).isEqualTo("{\"first\":[\"v\"],\" second \":[\"v\"]}");
            }
            assertThat(post(server, "/api/workflows/two/run", "{}").toString())
                    .isEqualTo("{\"first\":\"v\",\" second \":\"v\"}");
            assertThat(post(server, "/workflows/two/run", "{}").toString())
                    .isEqualTo("{\"results\":{\"first\":\"v\",\" second \":\"v\"}}");
        }
    }

    private static JsonNode post(NodeToolTestServer server, String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
