package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gen A {@code /predict} as a client sees it (protocol-notes §7.1, §7.2, §8.1, §10). */
class LegacyWebSocketTest {
    private NodeToolTestServer server;

    @BeforeEach
    void start() {
        server = NodeToolTestServer.start(); // legacy is the default generation
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runJobUsesServerJobIdsAndPutsTheResultMapDirectlyUnderResult() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "type",
                    "run_job_request",
                    "workflow_id",
                    DemoWorkflowIds.GREETING,
                    "job_type",
                    "workflow",
                    "auth_token",
                    "local_token",
                    "params",
                    Map.of("name", "Grace")));
            assertThat(client.next().toString())
                    .isEqualTo("{\"message\":\"Job started\",\"workflow_id\":\"greeting\"}");
            List<JsonNode> frames = client.until(WsClient.terminal());
            String jobId = frames.get(0).path("job_id").asText();
            assertThat(jobId).matches("[0-9a-f]{32}");
            assertThat(frames).filteredOn(WsClient.jobUpdate("running")).hasSize(2);
            assertThat(frames)
                    .allMatch(
                            f -> !f.has("job_seq") && f.path("job_id").asText().equals(jobId));
            JsonNode done = frames.get(frames.size() - 1);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("result").toString()).isEqualTo("{\"greeting\":[\"Hello, Grace!\"]}");
            assertThat(done.path("message").asText()).matches("Workflow greeting completed in [0-9.]+ seconds");
            // Gen A relays input nodes too (no Gen C filtering).
            assertThat(frames).anyMatch(f -> f.path("node_id").asText().equals("name_input"));
            assertThat(frames).filteredOn(WsClient.jobUpdate("completed")).hasSize(1);
            assertThat(WsClient.texts(server.framesSent(jobId))).isEqualTo(WsClient.texts(frames));
        }
    }

    @Test
    void binaryMediaKeepTheirBytesAndTextModeSendsDataUris() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command(
                    "run_job", "workflow_id", DemoWorkflowIds.IMAGE, "params", Map.of("width", "4", "height", "4")));
            JsonNode done = client.await(WsClient.terminal());
            JsonNode image = done.path("result").path("image").get(0);
            assertThat(image.path("type").asText()).isEqualTo("image");
            assertThat(image.path("data").isBinary()).isTrue();
            assertThat(java.util.Arrays.copyOf(image.path("data").binaryValue(), 4))
                    .containsExactly(0x89, 'P', 'N', 'G');

            client.send(command("set_mode", "mode", "text"));
            WsClient.Frame ack = client.nextFrame();
            assertThat(ack.binary()).isFalse();
            assertThat(ack.message().toString()).isEqualTo("{\"message\":\"Mode set to text\"}");
            client.sendText(
                    command("run_job", "workflow_id", DemoWorkflowIds.IMAGE).toString());
            JsonNode textDone = client.await(WsClient.terminal());
            assertThat(textDone.path("result").path("image").get(0).path("uri").asText())
                    .startsWith("data:image/png;base64,");
        }
    }

    @Test
    void errorsCarryTheErrorKey() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("run_job", "workflow_id", DemoWorkflowIds.FAIL));
            List<JsonNode> frames = client.until(WsClient.terminal());
            JsonNode error = frames.stream()
                    .filter(f -> f.path("type").asText().equals("error"))
                    .findFirst()
                    .orElseThrow();
            assertThat(error.path("error").asText()).isEqualTo("Something went wrong");
            assertThat(error.has("message")).isFalse();
            assertThat(frames.get(frames.size() - 1).path("status").asText()).isEqualTo("failed");
        }
    }

    @Test
    void missingWorkflowFailsUnderTheWorkflowIdWithoutRunning() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("run_job", "workflow_id", "ghost"));
            assertThat(client.next().path("message").asText()).isEqualTo("Job started");
            // protocol-notes §8.4: the start fails, and the job id falls back to the workflow id.
            JsonNode failed = client.next();
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("job_id").asText()).isEqualTo("ghost");
            assertThat(failed.path("error").asText()).isEqualTo("Workflow ghost not found");
            assertThat(client.quietFor(300)).isTrue();
        }
    }

    @Test
    void commandsAnswerAsGenA() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.sendText(command("clear_models").toString());
            WsClient.Frame cleared = client.nextFrame();
            assertThat(cleared.binary()).isTrue(); // Gen A changed its mode only on set_mode
            assertThat(cleared.message().toString()).isEqualTo("{\"message\":\"Unused models cleared\"}");

            client.send(command(
                    "run_job", "workflow_id", DemoWorkflowIds.SLOW, "params", Map.of("steps", 200, "delay_ms", 50)));
            client.next();
            String jobId = client.next().path("job_id").asText();
            client.send(command("get_status", "job_id", jobId));
            assertThat(client.await(WsClient.untyped()).toString())
                    .isEqualTo("{\"status\":\"running\",\"job_id\":\"" + jobId + "\",\"workflow_id\":\"slow\"}");
            client.send(command("stream_input", "job_id", jobId, "input", "steps", "value", 1));
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Input item streamed");
            client.send(command("cancel_job", "job_id", jobId));
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Job cancellation requested");
            // protocol-notes §7.2: no terminal frame follows a legacy cancel (LegacyCancelTest has the details).
            client.send(command("get_status", "job_id", jobId));
            assertThat(client.await(WsClient.untyped()).path("status").asText()).isEqualTo("not_found");

            client.send(command("reconnect_job", "job_id", "nope"));
            assertThat(client.next().path("message").asText()).isEqualTo("Reconnecting to job nope");
            JsonNode missing = client.next();
            assertThat(missing.path("status").asText()).isEqualTo("failed");
            assertThat(missing.path("error").asText()).isEqualTo("Job nope not found");
        }
    }

    @Test
    void reconnectToARunningJobReplaysStatusesThenStreams() throws Exception {
        String jobId;
        try (WsClient first = WsClient.connect(server.webSocketUrl())) {
            first.send(command(
                    "run_job", "workflow_id", DemoWorkflowIds.SLOW, "params", Map.of("steps", 20, "delay_ms", 30)));
            first.next();
            jobId = first.next().path("job_id").asText();
            first.await(f -> f.path("type").asText().equals("node_progress"));
        }
        try (WsClient second = WsClient.connect(server.webSocketUrl())) {
            second.send(command("reconnect_job", "job_id", jobId));
            assertThat(second.next().path("message").asText()).isEqualTo("Reconnecting to job " + jobId);
            JsonNode current = second.next();
            assertThat(current.path("type").asText()).isEqualTo("job_update");
            List<JsonNode> rest = second.until(WsClient.terminal());
            assertThat(rest).anyMatch(f -> f.path("type").asText().equals("node_update"));
            assertThat(rest.get(rest.size() - 1).path("result").path("result").toString())
                    .isEqualTo("[20]");
        }
    }

    @Test
    void malformedEnvelopeClosesTheSocket() throws Exception {
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(WsClient.JSON.readTree("{\"command\":\"get_status\"}"));
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("update_node_properties", "node_id", "x"));
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.sendRaw(new byte[] {(byte) 0xc1});
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
        try (WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("set_mode", "mode", "sideways"));
            assertThat(client.awaitClose().code()).isEqualTo(1000);
        }
    }
}
