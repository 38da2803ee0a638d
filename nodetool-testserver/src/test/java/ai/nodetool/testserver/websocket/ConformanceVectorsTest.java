package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the server's wire format to vectors: NodeToolʼs golden fixture
 * ({@code ../shared/conformance/nodetool-sdk-v1/execution-wire.json}, skipped when absent) and this
 * project's own ({@code src/test/resources/conformance/testserver-ws-vectors.json}). Every client
 * frame's exact bytes must be accepted (a sensible reply, not a rejection); for every server frame the
 * server must produce, in the corresponding situation, a frame with at least the same keys whose
 * values have the same JSON types.
 */
class ConformanceVectorsTest {
    private static final Set<String> REJECTIONS =
            Set.of("invalid_frame", "invalid_message", "invalid_command", "Unknown command");

    /** Frames the server produced per situation name, per generation. */
    private static final Map<String, JsonNode> OBSERVED = new HashMap<>();

    private static JsonNode golden() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assumeTrue(dir != null, "project root not found");
        Path file = dir.resolve("../shared/conformance/nodetool-sdk-v1/execution-wire.json")
                .normalize();
        assumeTrue(Files.isRegularFile(file), "NodeTool's golden vectors are not available at " + file);
        return WsClient.JSON.readTree(file.toFile());
    }

    private static JsonNode own() throws Exception {
        try (InputStream in =
                ConformanceVectorsTest.class.getResourceAsStream("/conformance/testserver-ws-vectors.json")) {
            assertThat(in).as("own vectors on the test classpath").isNotNull();
            return WsClient.JSON.readTree(in);
        }
    }

    /** prompt → TextStream → Slow "node-789" (steps default 1000) → Output "output", as the fixture names them. */
    private static void registerVectorWorkflows(NodeToolTestServer server) {
        server.registerWorkflow("""
                {"id":"workflow-456","name":"Vector workflow","graph":{
                  "nodes":[
                    {"id":"prompt","type":"nodetool.input.StringInput","data":{"name":"prompt","value":"hello"}},
                    {"id":"steps","type":"nodetool.input.IntegerInput","data":{"name":"steps","value":1000}},
                    {"id":"stream","type":"nodetool.test.TextStream","data":{}},
                    {"id":"node-789","type":"nodetool.test.Slow","data":{"delay_ms":20}},
                    {"id":"out","type":"nodetool.output.Output","data":{"name":"output"}}],
                  "edges":[
                    {"id":"e1","source":"prompt","sourceHandle":"output","target":"stream","targetHandle":"text"},
                    {"id":"e2","source":"stream","sourceHandle":"output","target":"node-789","targetHandle":"value"},
                    {"id":"e3","source":"steps","sourceHandle":"output","target":"node-789","targetHandle":"steps"},
                    {"id":"e4","source":"node-789","sourceHandle":"output","target":"out","targetHandle":"value"}]}}""");
        // The engine's Output nodes report disposition only when streaming; a script stands in for a
        // node that reports both disposition and done.
        server.registerScript(
                "scripted-output",
                "Scripted output",
                List.of(Map.of(
                        "type",
                        "output_update",
                        "node_id",
                        "node-789",
                        "node_name",
                        "Prompt",
                        "output_name",
                        "output",
                        "value",
                        "hello",
                        "output_type",
                        "string",
                        "metadata",
                        Map.of(),
                        "disposition",
                        "replace",
                        "done",
                        true)));
    }

    @BeforeAll
    static void observeServerFrames() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .maxJobsPerConnection(1)
                .start()) {
            registerVectorWorkflows(server);
            try (WsClient client = WsClient.connect(server.webSocketUrl())) {
                OBSERVED.put("current/execution_target_event", client.next());
                client.next();
                client.send(command(
                        "run_job",
                        "job_id",
                        "obs",
                        "workflow_id",
                        "workflow-456",
                        "params",
                        Map.of("prompt", "hello", "steps", 2, "delay_ms", 1),
                        "require_terminal_result",
                        true));
                for (JsonNode frame : client.until(WsClient.jobUpdate("completed"))) {
                    String type = frame.path("type").asText();
                    if (type.equals("job_update")
                            && frame.has("message")
                            && frame.path("status").asText().equals("running")) {
                        OBSERVED.put("current/job_running_event", frame);
                    } else if (type.equals("node_update") && frame.has("result")) {
                        OBSERVED.put("current/node_update_event", frame);
                    } else if (type.equals("node_progress")) {
                        OBSERVED.put("current/node_progress_event", frame);
                    } else if (type.equals("chunk") && frame.path("done").asBoolean()) {
                        OBSERVED.put("current/chunk_event", frame);
                    } else if (WsClient.jobUpdate("completed").test(frame)) {
                        OBSERVED.put("current/terminal_result_event", frame);
                    }
                }
                client.send(command("reconnect_job", "job_id", "obs", "workflow_id", "workflow-456", "last_seq", 4));
                client.next();
                OBSERVED.put("current/replay_header_event", client.next());
                client.until(WsClient.jobUpdate("completed"));

                client.send(command("run_job", "job_id", "vec-job", "workflow_id", "workflow-456", "params", 5));
                OBSERVED.put("current/protocol_rejection_event", client.next());

                client.send(command("run_job", "job_id", "q1", "workflow_id", "workflow-456"));
                client.send(command("run_job", "job_id", "q2", "workflow_id", "workflow-456"));
                OBSERVED.put("current/queued_event", client.await(WsClient.jobUpdate("queued")));
                client.send(command("cancel_job", "job_id", "q2"));
                client.send(command("cancel_job", "job_id", "q1"));
                client.await(f -> WsClient.jobUpdate("cancelled").test(f)
                        && f.path("job_id").asText().equals("q1"));

                client.send(command("run_job", "job_id", "scripted", "workflow_id", "scripted-output"));
                OBSERVED.put(
                        "current/output_update_event",
                        client.await(f -> f.path("type").asText().equals("output_update")));
            }
        }
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            registerVectorWorkflows(server);
            try (WsClient client = WsClient.connect(server.webSocketUrl())) {
                client.send(command("run_job", "workflow_id", "workflow-456", "params", Map.of("steps", 2)));
                OBSERVED.put("legacy/legacy_terminal_event", client.await(WsClient.terminal()));
                client.send(command("run_job", "workflow_id", DemoWorkflowIds.FAIL));
                OBSERVED.put(
                        "legacy/legacy_error_event",
                        client.await(f -> f.path("type").asText().equals("error")));
            }
        }
    }

    @Test
    void goldenClientFramesAreAccepted() throws Exception {
        assertClientFramesAccepted(golden(), "current");
    }

    @Test
    void goldenServerFramesHaveTheServersShape() throws Exception {
        assertServerShapes(golden());
    }

    @Test
    void ownClientFramesAreAcceptedByBothGenerations() throws Exception {
        assertClientFramesAccepted(own(), "current");
        assertClientFramesAccepted(own(), "legacy");
    }

    @Test
    void ownServerFramesHaveTheServersShape() throws Exception {
        assertServerShapes(own());
    }

    @Test
    void vectorBytesDecodeToTheirMessages() throws Exception {
        for (JsonNode vectors : List.of(own())) {
            for (JsonNode frame : vectors.path("frames")) {
                JsonNode decoded = WsClient.MSGPACK.readTree(
                        HexFormat.of().parseHex(frame.path("messagepack_hex").asText()));
                assertThat(decoded.toString())
                        .as(frame.path("name").asText())
                        .isEqualTo(frame.path("message").toString());
            }
        }
    }

    private static void assertClientFramesAccepted(JsonNode vectors, String generation) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (JsonNode frame : vectors.path("frames")) {
            if (frame.path("direction").asText().equals("client")
                    && frame.path("generation").asText("current").equals(generation)) {
                frames.add(frame);
            }
        }
        assertThat(frames).isNotEmpty();
        // Start the job first and cancel it last, so every command in between meets a live job.
        frames.sort(Comparator.comparingInt((JsonNode f) -> rank(f.path("name").asText())));
        Generation gen = generation.equals("legacy") ? Generation.LEGACY : Generation.CURRENT;
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(gen).start()) {
            registerVectorWorkflows(server);
            try (WsClient client = gen == Generation.CURRENT
                    ? WsClient.connectCurrent(server.webSocketUrl())
                    : WsClient.connect(server.webSocketUrl())) {
                for (JsonNode frame : frames) {
                    String name = frame.path("name").asText();
                    client.sendRaw(HexFormat.of()
                            .parseHex(frame.path("messagepack_hex").asText()));
                    JsonNode reply = client.await(WsClient.untyped());
                    assertThat(REJECTIONS)
                            .as(name + " answered " + reply)
                            .doesNotContain(reply.path("error").asText());
                    for (JsonNode key : frame.path("reply_keys")) {
                        assertThat(reply.has(key.asText()))
                                .as(name + " reply " + reply + " has " + key)
                                .isTrue();
                    }
                }
                assertThat(client.isClosed()).isFalse();
            }
            assertThat(server.commands()).hasSize(frames.size());
        }
    }

    private static int rank(String name) {
        if (name.contains("run_job")) {
            return 0;
        }
        return name.contains("cancel_job") ? 2 : 1;
    }

    private static void assertServerShapes(JsonNode vectors) {
        int checked = 0;
        for (JsonNode frame : vectors.path("frames")) {
            if (!frame.path("direction").asText().equals("server")) {
                continue;
            }
            String key = frame.path("generation").asText("current") + "/"
                    + frame.path("name").asText();
            JsonNode observed = OBSERVED.get(key);
            assertThat(observed).as("the server produced a frame for " + key).isNotNull();
            JsonNode expected = frame.path("message");
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            expected.properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(observed.has(field.getKey()))
                        .as(key + " has '" + field.getKey() + "': " + observed)
                        .isTrue();
                assertThat(kind(observed.get(field.getKey())))
                        .as(key + "." + field.getKey() + " in " + observed)
                        .isEqualTo(kind(field.getValue()));
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }

    private static JsonNodeType kind(JsonNode value) {
        return value.getNodeType();
    }
}
