package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Gen C admission while a finished run's producer is still busy after its last frame (protocol-notes §7.6).
 * NodeTool frees a run's slot when the run ends; the relay does not wait for its frames to reach the client.
 * This server makes and writes each frame before going on, which for a large output (a {@code data:} URI
 * in text mode, a slow reader) takes seconds after the run has ended. NodeTool's own CLI client reads up to
 * the first terminal update, hangs up and opens a new socket for the next run: that run used to be queued on
 * the new socket, whose queue no other connection's run drains, and waited for ever. Here a stall fault
 * after the run's last frame holds the producer for as long, deterministically.
 */
class AdmissionSlowReaderServerTest {
    private static final Duration HOLD = Duration.ofSeconds(3);

    private static Predicate<JsonNode> of(String jobId, Predicate<JsonNode> p) {
        return f -> p.test(f) && f.path("job_id").asText().equals(jobId);
    }

    /**
     * A short run that ends on the engine's thread (an instant one could end on the socket's thread, which the
     * stall would then hold instead of the producer).
     */
    private static void runShort(WsClient client, String jobId) throws Exception {
        client.send(command(
                "run_job",
                "job_id",
                jobId,
                "workflow_id",
                DemoWorkflowIds.SLOW,
                "params",
                Map.of("steps", 2, "delay_ms", 20)));
    }

    /** Runs one short run and arms a stall of {@link #HOLD} after the last frame of the next run. */
    private static void holdTheNextRunAfterItsLastFrame(NodeToolTestServer server) throws Exception {
        try (WsClient probe = WsClient.connectCurrent(server.webSocketUrl())) {
            runShort(probe, "probe");
            probe.await(of("probe", WsClient.terminalWithResult()));
        }
        server.faults().stallStreamAfter(server.framesSent("probe").size(), HOLD);
    }

    @Test
    void anotherConnectionsRunStartsWhileAFinishedRunsProducerIsStillBusy() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            holdTheNextRunAfterItsLastFrame(server);
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                runShort(first, "a");
                first.await(of("a", WsClient.terminalWithResult()));
            } // hangs up, as NodeTool's CLI client does
            try (WsClient other = WsClient.connectCurrent(server.webSocketUrl())) {
                long sent = System.nanoTime();
                runShort(other, "b");
                JsonNode update =
                        other.await(of("b", f -> f.path("type").asText().equals("job_update")));
                assertThat(update.path("status").asText()).isEqualTo("running");
                assertThat(other.await(of("b", WsClient.terminalWithResult()))
                                .path("status")
                                .asText())
                        .isEqualTo("completed");
                assertThat(Duration.ofNanos(System.nanoTime() - sent))
                        .as("b did not wait for a's producer")
                        .isLessThan(HOLD);
            }
        }
    }

    @Test
    void onTheSameConnectionTheNextRunStillWaitsForTheFinishedRunsProducer() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            holdTheNextRunAfterItsLastFrame(server);
            try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
                runShort(client, "a");
                client.await(of("a", WsClient.terminalWithResult()));
                runShort(client, "b");
                List<String> order = new ArrayList<>();
                for (JsonNode f : client.until(of("b", WsClient.terminalWithResult()))) {
                    if (of("b", g -> g.path("type").asText().equals("job_update"))
                            .test(f)) {
                        order.add(f.path("status").asText());
                    }
                }
                // Queued behind a in this connection's queue, started once a's producer is done.
                assertThat(order).first().isEqualTo("queued");
                assertThat(order).contains("running", "completed");
            }
        }
    }
}
