package ai.nodetool.testserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link NodeToolTestServer#registerFirehose}: big lazily generated streams for benchmarks and memory tests. */
class FirehoseTest {
    @Test
    void ndjsonFirehoseSendsCountLogLinesOfTheGivenPayload() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerFirehose("hose", 1000, 64);
            String[] lines = new Http(server)
                    .post("/api/workflows/hose/run?stream=true", "{\"params\":{}}")
                    .body()
                    .split("\n");
            assertThat(lines).hasSize(1003);
            assertThat(lines[0]).contains("\"status\": \"running\"");
            for (int i = 0; i < 1000; i++) {
                JsonNode m = Http.JSON.readTree(lines[i + 1]);
                assertThat(m.get("type").asText()).isEqualTo("log_update");
                String content = m.get("content").asText();
                assertThat(content.getBytes(StandardCharsets.UTF_8)).hasSize(64);
                assertThat(content).startsWith(i + " x");
                assertThat(m.get("workflow_id").asText()).isEqualTo("hose");
            }
            JsonNode done = Http.JSON.readTree(lines[1001]);
            assertThat(done.get("status").asText()).isEqualTo("completed");
            assertThat(done.get("result").toString()).isEqualTo("{\"count\":[1000]}");
            assertThat(lines[1002]).startsWith("{\"type\": \"job_completed\"");
        }
    }

    @Test
    void sseFirehoseSendsOutputUpdates() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerFirehose("hose", 500, 10);
            String[] events = new Http(server)
                    .post("/workflows/hose/run/stream", "{}")
                    .body()
                    .split("\n\n");
            assertThat(events).hasSize(504);
            assertThat(events[1])
                    .isEqualTo(
                            "data: {\"type\": \"output_update\", \"node_name\": \"Firehose\", \"value\": \"0 xxxxxxxx\"}");
            assertThat(events[500])
                    .isEqualTo(
                            "data: {\"type\": \"output_update\", \"node_name\": \"Firehose\", \"value\": \"499 xxxxxx\"}");
            assertThat(events[502]).isEqualTo("data: {\"type\": \"complete\", \"results\": {\"Firehose\": 500}}");
            assertThat(events[503]).isEqualTo("data: [DONE]");
        }
    }

    @Test
    void blockingRunsAnswerWithTheCount() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerFirehose("hose", 1_000_000, 100);
            Http http = new Http(server);
            assertThat(http.post("/api/workflows/hose/run", "{\"params\":{}}").body())
                    .isEqualTo("{\"Firehose\":1000000}");
            assertThat(http.post("/workflows/hose/run", "{}").body()).isEqualTo("{\"results\":{\"Firehose\":1000000}}");
        }
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            server.registerFirehose("hose", 1_000_000, 100);
            JsonNode envelope = Http.json(new Http(server).post("/api/workflows/hose/run", "{}"));
            assertThat(envelope.get("outputs").toString()).isEqualTo("{\"count\":[1000000]}");
            assertThat(envelope.get("message_count").asLong()).isEqualTo(1_000_002);
        }
    }

    @Test
    void streamsTensOfMegabytes() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerFirehose("big", 40_000, 1000);
            Http http = new Http(server);
            HttpRequest request = http.request("/api/workflows/big/run?stream=true")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{}}"))
                    .build();
            HttpResponse<InputStream> response = http.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            long lines = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = response.body()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            assertThat(lines).isEqualTo(40_003);
            assertThat(bytes).isGreaterThan(40_000L * 1000);
        }
    }

    @Test
    void streamFaultsApplyToFirehoses() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.registerFirehose("hose", 100_000, 100);
            server.faults().dropStreamAfter(5_000);
            Http http = new Http(server);
            HttpRequest request = http.request("/api/workflows/hose/run?stream=true")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{}}"))
                    .build();
            HttpResponse<InputStream> response = http.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThatThrownBy(() -> {
                        try (InputStream in = response.body()) {
                            in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                    })
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void rejectsBadArguments() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            assertThatThrownBy(() -> server.registerFirehose("x", -1, 10)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> server.registerFirehose("x", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
