package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cancel_job} of a running job (protocol-notes §7.2): a legacy server acknowledges, stops the
 * stream and forgets the job without a terminal frame, unless the {@code legacyCancelTerminalFrame}
 * fault brings the frame back; the current generation's kernel terminal frame still follows.
 */
class LegacyCancelServerTest {
    private static final Map<String, Integer> LONG_RUN = Map.of("steps", 400, "delay_ms", 25);

    private NodeToolTestServer legacy;

    @BeforeEach
    void start() {
        legacy = NodeToolTestServer.builder().generation(Generation.LEGACY).start();
    }

    @AfterEach
    void stop() {
        legacy.close();
    }

    /** Starts the slow workflow; returns the server-made job id, after the first progress frame. */
    private static String startSlow(WsClient client) throws Exception {
        client.send(command("run_job", "workflow_id", DemoWorkflowIds.SLOW, "params", LONG_RUN));
        assertThat(client.next().path("message").asText()).isEqualTo("Job started");
        String jobId =
                client.await(WsClient.jobUpdate("running")).path("job_id").asText();
        client.await(f -> f.path("type").asText().equals("node_progress"));
        return jobId;
    }

    @Test
    void legacyCancelIsAcknowledgedAndNoTerminalFrameFollows() throws Exception {
        try (WsClient client = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(client);
            client.send(command("cancel_job", "job_id", jobId));
            JsonNode ack = client.await(WsClient.untyped());
            assertThat(ack.toString())
                    .isEqualTo("{\"message\":\"Job cancellation requested\",\"job_id\":\"" + jobId
                            + "\",\"workflow_id\":\"\"}");
            // The stream is dead: nothing more of the job arrives (not even its terminal frame).
            assertThat(client.quietFor(700)).isTrue();

            client.send(command("get_status", "job_id", jobId));
            assertThat(client.next().toString()).isEqualTo("{\"status\":\"not_found\",\"job_id\":\"" + jobId + "\"}");
            client.send(command("cancel_job", "job_id", jobId, "workflow_id", DemoWorkflowIds.SLOW));
            assertThat(client.next().toString())
                    .isEqualTo("{\"error\":\"Job not found or already completed\",\"job_id\":\"" + jobId
                            + "\",\"workflow_id\":\"\"}");
            client.send(command("get_status"));
            assertThat(client.next().toString()).isEqualTo("{\"active_jobs\":[]}");
        }
    }

    @Test
    void aLegacyCancelFromAnotherConnectionLeavesTheOwnersStreamToEndCancelled() throws Exception {
        try (WsClient owner = WsClient.connect(legacy.webSocketUrl());
                WsClient other = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(owner);
            other.send(command("cancel_job", "job_id", jobId));
            assertThat(other.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Job cancellation requested");
            // Only the cancelling connection's stream dies; the owner's ends with the job's terminal frame.
            assertThat(owner.await(WsClient.terminal()).path("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void legacyCancelEchoesTheWorkflowIdTheClientSent() throws Exception {
        try (WsClient client = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(client);
            client.send(command("cancel_job", "job_id", jobId, "workflow_id", "as-sent"));
            assertThat(client.await(WsClient.untyped()).path("workflow_id").asText())
                    .isEqualTo("as-sent");
        }
    }

    @Test
    void theFaultBringsTheTerminalFrameBackAtOnce() throws Exception {
        legacy.faults().legacyCancelTerminalFrame(Duration.ZERO);
        try (WsClient client = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(client);
            client.send(command("cancel_job", "job_id", jobId));
            client.await(WsClient.untyped());
            JsonNode cancelled = client.await(WsClient.terminal());
            assertThat(cancelled.toString())
                    .isEqualTo("{\"type\":\"job_update\",\"status\":\"cancelled\",\"job_id\":\"" + jobId
                            + "\",\"workflow_id\":\"slow\"}");
            assertThat(client.quietFor(300)).isTrue(); // exactly one terminal frame
            client.send(command("get_status", "job_id", jobId));
            assertThat(client.next().path("status").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void theFaultCanDelayTheTerminalFrameAndIsClearedByClear() throws Exception {
        legacy.faults().legacyCancelTerminalFrame(Duration.ofMillis(600));
        try (WsClient client = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(client);
            client.send(command("cancel_job", "job_id", jobId));
            client.await(WsClient.untyped());
            // The acknowledgement is all there is for a while (a status answer comes before the late frame)...
            client.send(command("get_status", "job_id", jobId));
            assertThat(client.next().path("status").asText()).isEqualTo("not_found");
            // ...then the late terminal frame.
            assertThat(client.await(WsClient.terminal()).path("status").asText())
                    .isEqualTo("cancelled");

            legacy.faults().clear();
            String second = startSlow(client);
            client.send(command("cancel_job", "job_id", second));
            client.await(WsClient.untyped());
            assertThat(client.quietFor(900)).isTrue();
        }
    }

    @Test
    void noLegacyCancelTerminalFrameTurnsTheFaultOff() throws Exception {
        legacy.faults().legacyCancelTerminalFrame(Duration.ZERO).noLegacyCancelTerminalFrame();
        try (WsClient client = WsClient.connect(legacy.webSocketUrl())) {
            String jobId = startSlow(client);
            client.send(command("cancel_job", "job_id", jobId));
            client.await(WsClient.untyped());
            assertThat(client.quietFor(500)).isTrue();
        }
    }

    @Test
    void currentGenerationStillSendsTheKernelTerminalFrameAfterTheAcknowledgement() throws Exception {
        try (NodeToolTestServer current = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .start();
                WsClient client = WsClient.connectCurrent(current.webSocketUrl())) {
            client.send(command("run_job", "job_id", "c1", "workflow_id", DemoWorkflowIds.SLOW, "params", LONG_RUN));
            client.await(f -> f.path("type").asText().equals("node_progress"));
            client.send(command("cancel_job", "job_id", "c1"));
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Job cancellation requested");
            JsonNode terminal = client.await(WsClient.terminal());
            assertThat(terminal.path("status").asText()).isEqualTo("cancelled");
            assertThat(terminal.has("job_seq")).isTrue();
            client.send(command("get_status", "job_id", "c1"));
            assertThat(client.next().path("status").asText()).isEqualTo("cancelled");
        }
    }
}
