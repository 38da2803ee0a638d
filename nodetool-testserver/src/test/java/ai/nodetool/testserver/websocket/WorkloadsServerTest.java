package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.Workloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The heavy workloads over the WebSocket of each generation ({@link NodeToolTestServer#registerFirehose},
 * {@link NodeToolTestServer#registerProgress}, {@link NodeToolTestServer#registerLargeBinary}): every
 * generated frame arrives, in order and with its documented content, followed by the generation's
 * terminal frames with the result; the large binary payload is the documented pattern on every path.
 */
class WorkloadsServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WsClient connect(NodeToolTestServer server) throws Exception {
        return server.generation() == Generation.CURRENT
                ? WsClient.connectCurrent(server.webSocketUrl())
                : WsClient.connect(server.webSocketUrl());
    }

    private static NodeToolTestServer start(Generation generation) {
        return NodeToolTestServer.builder().generation(generation).start();
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void theFirehoseSendsCountLogUpdatesThenTheResult(Generation generation) throws Exception {
        try (NodeToolTestServer server = start(generation);
                WsClient client = connect(server)) {
            server.registerFirehose("hose", 3000, 16);
            client.send(command("run_job", "job_id", "fh", "workflow_id", "hose"));
            List<JsonNode> frames = client.until(WsClient.terminalWithResult());
            List<JsonNode> logs = frames.stream()
                    .filter(f -> f.path("type").asText().equals("log_update"))
                    .toList();
            assertThat(logs).hasSize(3000);
            for (int i = 0; i < logs.size(); i++) {
                JsonNode log = logs.get(i);
                String content = log.path("content").asText();
                assertThat(content).hasSize(16).startsWith(i + " ");
                assertThat(content.substring(Integer.toString(i).length() + 1)).matches("x*");
                assertThat(log.path("node_id").asText()).isEqualTo("firehose");
                assertThat(log.path("severity").asText()).isEqualTo("info");
                assertThat(log.path("workflow_id").asText()).isEqualTo("hose");
            }
            JsonNode terminal = frames.get(frames.size() - 1);
            assertThat(terminal.path("status").asText()).isEqualTo("completed");
            JsonNode result = generation == Generation.CURRENT
                    ? terminal.path("result").path("outputs")
                    : terminal.path("result");
            assertThat(result.path("count").get(0).asInt()).isEqualTo(3000);
            if (generation == Generation.CURRENT) {
                for (int i = 1; i < frames.size(); i++) { // job_seq increases by one, without gaps
                    assertThat(frames.get(i).path("job_seq").asLong())
                            .isEqualTo(frames.get(i - 1).path("job_seq").asLong() + 1);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void theProgressWorkloadReportsEveryStep(Generation generation) throws Exception {
        try (NodeToolTestServer server = start(generation);
                WsClient client = connect(server)) {
            server.registerProgress("steps", 500);
            client.send(command("run_job", "job_id", "p", "workflow_id", "steps"));
            List<JsonNode> frames = client.until(WsClient.terminalWithResult());
            List<JsonNode> progress = frames.stream()
                    .filter(f -> f.path("type").asText().equals("node_progress"))
                    .toList();
            assertThat(progress).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(progress.get(i).path("progress").asInt()).isEqualTo(i + 1);
                assertThat(progress.get(i).path("total").asInt()).isEqualTo(500);
                assertThat(progress.get(i).path("node_id").asText()).isEqualTo("progress");
            }
            assertThat(frames.stream()
                            .filter(f -> f.path("type").asText().equals("node_update"))
                            .map(f -> f.path("status").asText()))
                    .containsExactly("running", "completed");
        }
    }

    @Test
    void legacyBinaryModeCarriesTheRawPatternBytesInTheOutputAndTheResult() throws Exception {
        try (NodeToolTestServer server = start(Generation.LEGACY);
                WsClient client = connect(server)) {
            server.registerLargeBinary("big", 300_000);
            client.send(command("run_job", "workflow_id", "big"));
            List<JsonNode> frames = client.until(WsClient.terminal());
            JsonNode output = frames.stream()
                    .filter(f -> f.path("type").asText().equals("output_update"))
                    .findFirst()
                    .orElseThrow();
            assertThat(output.path("output_name").asText()).isEqualTo("image");
            assertPattern(output.path("value").path("data").binaryValue(), 300_000);
            JsonNode result =
                    frames.get(frames.size() - 1).path("result").path("image").get(0);
            assertThat(result.path("type").asText()).isEqualTo("image");
            assertPattern(result.path("data").binaryValue(), 300_000);
        }
    }

    @Test
    void currentBinaryModeSendsATempUrlThatServesThePattern() throws Exception {
        try (NodeToolTestServer server = start(Generation.CURRENT);
                WsClient client = connect(server)) {
            server.registerLargeBinary("big", 300_000, "video");
            client.send(command("run_job", "job_id", "b", "workflow_id", "big"));
            JsonNode terminal = client.await(WsClient.terminalWithResult());
            JsonNode ref = terminal.path("result").path("outputs").path("video").get(0);
            assertThat(ref.path("data").isNull()).isTrue();
            String uri = ref.path("uri").asText();
            assertThat(uri).startsWith(server.baseUrl() + "/api/storage/temp/").endsWith(".mp4");
            HttpResponse<byte[]> response =
                    HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("video/mp4");
            assertPattern(response.body(), 300_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void textModeSendsADataUriOfThePattern(Generation generation) throws Exception {
        try (NodeToolTestServer server = start(generation);
                WsClient client = connect(server)) {
            server.registerLargeBinary("big", 100_001);
            client.send(command("set_mode", "mode", "text"));
            client.nextFrame();
            client.sendText(command("run_job", "job_id", "t", "workflow_id", "big"));
            JsonNode output = client.await(f -> f.path("type").asText().equals("output_update"));
            String uri = output.path("value").path("uri").asText();
            assertThat(uri).startsWith("data:image/png;base64,");
            assertPattern(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)), 100_001);
            client.await(WsClient.terminal());
        }
    }

    @Test
    void theStandardIdsRegisterAllThreeWorkloads() throws Exception {
        try (NodeToolTestServer server = start(Generation.LEGACY)) {
            server.registerHeavyWorkloads();
            HttpResponse<String> list = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/workflows/" + Workloads.LARGE_BINARY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(200);
            for (String id : List.of(Workloads.FIREHOSE, Workloads.PROGRESS)) {
                assertThat(HTTP.send(
                                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/workflows/" + id))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void thePatternIsTheXorOfTheOffsetsBytes() {
        assertThat(Workloads.patternByte(0)).isZero();
        assertThat(Workloads.patternByte(255)).isEqualTo(255);
        assertThat(Workloads.patternByte(256)).isEqualTo(1);
        assertThat(Workloads.patternByte(0x0102_0304L)).isEqualTo(1 ^ 2 ^ 3 ^ 4);
        assertThat(Workloads.patternByte(0x7f00_0000_0000L)).isEqualTo(0x7f);
        byte[] filled = new byte[70_000];
        Workloads.fillPattern(1000, filled, 0, filled.length);
        assertThat(Workloads.firstPatternMismatch(1000, filled, 0, filled.length))
                .isEqualTo(-1);
        for (int i = 0; i < filled.length; i += 977) {
            assertThat(filled[i] & 0xff).isEqualTo(Workloads.patternByte(1000 + i));
        }
        filled[5000] ^= 1;
        assertThat(Workloads.firstPatternMismatch(1000, filled, 0, filled.length))
                .isEqualTo(6000);
    }

    private static void assertPattern(byte[] data, int length) {
        assertThat(data).hasSize(length);
        assertThat(Workloads.firstPatternMismatch(0, data, 0, data.length)).isEqualTo(-1);
    }
}
