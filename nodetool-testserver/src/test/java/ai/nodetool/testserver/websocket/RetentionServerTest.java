package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gen C detach grace and replay retention (protocol-notes §9.1), shortened through the builder: after
 * the retention a {@code reconnect_job} gets the not-found answer; a detached run is cancelled when the
 * grace period ends.
 */
class RetentionServerTest {

    @Test
    void afterTheRetentionAReconnectGetsTheNotFoundAnswer() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .replayRetention(Duration.ofMillis(300))
                        .start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "kept", "workflow_id", DemoWorkflowIds.GREETING));
            client.await(WsClient.terminalWithResult());
            client.send(command("reconnect_job", "job_id", "kept", "last_seq", 0));
            client.await(WsClient.untyped());
            JsonNode header = client.next();
            assertThat(header.path("type").asText()).isEqualTo("job_resumed");
            assertThat(header.path("status").asText()).isEqualTo("finished");
            client.await(WsClient.terminalWithResult());

            JsonNode answer = null;
            for (int attempt = 0; attempt < 50 && answer == null; attempt++) {
                Thread.sleep(100); // waits for the retention timer; bounded, not a timing assertion
                client.send(command("reconnect_job", "job_id", "kept", "last_seq", 0));
                client.await(WsClient.untyped());
                JsonNode next = client.next();
                if (next.path("type").asText().equals("job_update")) {
                    answer = next;
                } else {
                    client.await(WsClient.terminalWithResult()); // still retained: drain the replay
                }
            }
            assertThat(answer).isNotNull();
            assertThat(answer.toString())
                    .isEqualTo("{\"type\":\"job_update\",\"status\":\"failed\",\"job_id\":\"kept\","
                            + "\"error\":\"Job kept not found\"}");
        }
    }

    @Test
    void aDetachedRunIsCancelledWhenTheGracePeriodEnds() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .jobDetachGrace(Duration.ofMillis(200))
                .start()) {
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "orphan",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 2000, "delay_ms", 25)));
                first.await(f -> f.path("type").asText().equals("node_progress"));
            } // the socket is lost
            List<JsonNode> frames = List.of();
            for (int attempt = 0; attempt < 100; attempt++) {
                frames = server.framesSent("orphan");
                if (frames.stream().anyMatch(WsClient.jobUpdate("cancelled"))) {
                    break;
                }
                Thread.sleep(100); // waits for the grace timer; bounded, not a timing assertion
            }
            assertThat(frames).anyMatch(WsClient.jobUpdate("cancelled"));
        }
    }
}
