package ai.nodetool.testserver.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket peer that stops reading slows the job that produces for it, through TCP back-pressure,
 * instead of the server buffering frames without bound (ServerWebSocket writes each frame to the
 * blocking socket before the producer may make the next). A cancel sent meanwhile still ends the job,
 * and closing the server does not hang on the blocked producer.
 */
class BackPressureServerTest {
    private static final int COUNT = 2_000_000;

    @Test
    void aPeerThatDoesNotReadStopsTheProducerAndACancelStillEndsTheJob() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .pingInterval(java.time.Duration.ofMillis(50)) // pings must not block the timers
                        .start();
                RawWebSocket client = new RawWebSocket(server.port(), "/ws", 16 * 1024)) {
            server.registerFirehose("hose", COUNT, 64);
            client.read(); // sdk_execution_target
            client.read(); // renderer_registered
            client.sendBinary(WsClient.MSGPACK.writeValueAsBytes(
                    WsClient.command("run_job", "job_id", "bp", "workflow_id", "hose")));

            long first = producedUpTo(server, 0);
            long second = first;
            for (int attempt = 0; attempt < 50; attempt++) {
                Thread.sleep(200); // polls until the producer is parked; bounded, not a timing assertion
                second = producedUpTo(server, first);
                if (second == first && first > 0) {
                    break;
                }
                first = second;
            }
            assertThat(second).as("the producer stopped").isEqualTo(first);
            assertThat(second).as("and far before the end").isLessThan(COUNT / 4);

            client.sendBinary(WsClient.MSGPACK.writeValueAsBytes(WsClient.command("cancel_job", "job_id", "bp")));
            long logs = 0;
            String status = null;
            while (status == null) {
                client.read();
                JsonNode frame = WsClient.MSGPACK.readTree(client.payload(), 0, client.length());
                String type = frame.path("type").asText();
                if (type.equals("log_update")) {
                    logs++;
                } else if (type.equals("job_update")
                        && frame.path("status").asText().equals("cancelled")) {
                    status = "cancelled";
                }
            }
            assertThat(logs).as("the job stopped soon after the cancel").isLessThan(COUNT / 2);
        }
    }

    @Test
    void closingTheServerDoesNotHangOnAProducerBlockedByAPeerThatDoesNotRead() throws Exception {
        NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.LEGACY).start();
        try (RawWebSocket client = new RawWebSocket(server.port(), "/predict", 16 * 1024)) {
            server.registerFirehose("hose", COUNT, 64);
            client.sendBinary(WsClient.MSGPACK.writeValueAsBytes(WsClient.command("run_job", "workflow_id", "hose")));
            Thread.sleep(500); // lets the producer fill the socket; not a timing assertion
            long started = System.nanoTime();
            server.close();
            assertThat((System.nanoTime() - started) / 1_000_000)
                    .as("close ends within 10 s")
                    .isLessThan(10_000);
            assertThat(server.openConnections()).isZero();
        }
    }

    /** The index of the newest firehose frame the server produced for job {@code bp}, or {@code fallback}. */
    private static long producedUpTo(NodeToolTestServer server, long fallback) {
        List<JsonNode> frames = server.framesSent("bp");
        for (int i = frames.size() - 1; i >= 0; i--) {
            JsonNode frame = frames.get(i);
            if (frame.path("type").asText().equals("log_update")) {
                String content = frame.path("content").asText();
                return Long.parseLong(content.substring(0, content.indexOf(' ')));
            }
        }
        return fallback;
    }
}
