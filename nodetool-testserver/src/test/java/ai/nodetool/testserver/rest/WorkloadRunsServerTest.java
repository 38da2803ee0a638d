package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.Workloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The progress and large binary workloads over the HTTP run routes: the payload comes back as each
 * generation carries media on that route (protocol-notes §5.1 to §5.4, §10.2), and is the documented
 * pattern; the progress steps stream as NDJSON lines.
 */
class WorkloadRunsServerTest {
    private static final int SIZE = 200_003;

    @Test
    void legacyBlockingRunAnswersWithAnOctetStreamDataUri() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerLargeBinary("big", SIZE);
            JsonNode body = Http.json(new Http(server).post("/api/workflows/big/run", "{\"params\":{}}"));
            JsonNode ref = body.path("image");
            assertThat(ref.path("type").asText()).isEqualTo("image");
            assertThat(ref.path("data").isNull()).isTrue();
            assertDataUri(ref.path("uri").asText(), "data:application/octet-stream;base64,");
        }
    }

    @Test
    void legacyNdjsonCarriesTheDataUriInTheOutputUpdateAndTheResult() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerLargeBinary("big", SIZE);
            String[] lines = new Http(server)
                    .post("/api/workflows/big/run?stream=true", "{\"params\":{}}")
                    .body()
                    .split("\n");
            List<JsonNode> messages = new ArrayList<>();
            for (String line : lines) {
                messages.add(Http.JSON.readTree(line));
            }
            JsonNode output = messages.stream()
                    .filter(m -> m.path("type").asText().equals("output_update"))
                    .findFirst()
                    .orElseThrow();
            assertDataUri(output.path("value").path("uri").asText(), "data:application/octet-stream;base64,");
            JsonNode completed = messages.get(messages.size() - 2);
            assertThat(completed.path("status").asText()).isEqualTo("completed");
            assertDataUri(
                    completed.path("result").path("image").get(0).path("uri").asText(),
                    "data:application/octet-stream;base64,");
            assertThat(messages.get(messages.size() - 1).path("type").asText()).isEqualTo("job_completed");
        }
    }

    @Test
    void workerSseCarriesATypedDataUri() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerLargeBinary("big", SIZE, "audio");
            JsonNode results =
                    Http.json(new Http(server).post("/workflows/big/run", "{}")).path("results");
            assertDataUri(results.path("audio").path("uri").asText(), "data:audio/mpeg;base64,");
        }
    }

    @Test
    void currentBlockingRunAnswersWithATempUrlThatServesThePattern() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            server.registerLargeBinary("big", SIZE);
            Http http = new Http(server);
            JsonNode envelope = Http.json(http.post("/api/workflows/big/run", "{}"));
            assertThat(envelope.path("status").asText()).isEqualTo("completed");
            JsonNode ref = envelope.path("outputs").path("image").get(0);
            assertThat(ref.path("data").isNull()).isTrue();
            String uri = ref.path("uri").asText();
            assertThat(uri).startsWith(server.baseUrl() + "/api/storage/temp/");
            HttpResponse<byte[]> file = http.client.send(
                    HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("content-length")).hasValue(Integer.toString(SIZE));
            assertPattern(file.body());
        }
    }

    @Test
    void progressStepsStreamAsNdjsonLines() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerProgress("steps", 2000);
            String[] lines = new Http(server)
                    .post("/api/workflows/steps/run?stream=true", "{\"params\":{}}")
                    .body()
                    .split("\n");
            int step = 0;
            for (String line : lines) {
                JsonNode message = Http.JSON.readTree(line);
                if (message.path("type").asText().equals("node_progress")) {
                    step++;
                    assertThat(message.path("progress").asInt()).isEqualTo(step);
                    assertThat(message.path("total").asInt()).isEqualTo(2000);
                }
            }
            assertThat(step).isEqualTo(2000);
            assertThat(Http.JSON
                            .readTree(lines[lines.length - 2])
                            .path("result")
                            .path("steps")
                            .get(0)
                            .asInt())
                    .isEqualTo(2000);
        }
    }

    private static void assertDataUri(String uri, String prefix) {
        assertThat(uri).startsWith(prefix);
        assertPattern(Base64.getDecoder().decode(uri.substring(prefix.length())));
    }

    private static void assertPattern(byte[] data) {
        assertThat(data).hasSize(SIZE);
        assertThat(Workloads.firstPatternMismatch(0, data, 0, data.length)).isEqualTo(-1);
    }
}
