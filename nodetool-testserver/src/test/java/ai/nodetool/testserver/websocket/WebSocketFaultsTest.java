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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every WebSocket fault of {@link ai.nodetool.testserver.Faults}, as seen on the wire. */
class WebSocketFaultsTest {

    private static NodeToolTestServer current() {
        return NodeToolTestServer.builder().generation(Generation.CURRENT).start();
    }

    @Test
    void malformedAfterSendsOneUndecodableFrameAndTheJobGoesOn() throws Exception {
        try (NodeToolTestServer server = current();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            server.faults().malformedAfter(2);
            client.send(command("run_job", "job_id", "m", "workflow_id", DemoWorkflowIds.GREETING));
            assertThat(client.next().path("message").asText()).isEqualTo("Job started");
            assertThat(client.next().path("job_seq").asInt()).isEqualTo(1);
            assertThat(client.next().path("job_seq").asInt()).isEqualTo(2);
            WsClient.Frame bad = client.nextFrame();
            assertThat(bad.binary()).isTrue();
            assertThat(bad.message()).isNull();
            assertThat(bad.raw()).containsExactly(0xc1);
            assertThat(client.next().path("job_seq").asInt()).isEqualTo(3);
            client.await(WsClient.terminalWithResult());
        }
    }

    @Test
    void oversizeAfterSendsOneFrameOfExactlyThatSize() throws Exception {
        try (NodeToolTestServer server = current();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            server.faults().oversizeAfter(1, 70_000);
            client.send(command("run_job", "job_id", "o", "workflow_id", DemoWorkflowIds.GREETING));
            client.next();
            assertThat(client.next().path("job_seq").asInt()).isEqualTo(1);
            WsClient.Frame big = client.nextFrame();
            assertThat(big.raw()).hasSize(70_000);
            assertThat(big.message().path("type").asText()).isEqualTo("log_update");
            assertThat(client.next().path("job_seq").asInt()).isEqualTo(2);
        }
    }

    @Test
    void stallHoldsTheJobsFramesUntilCancelled() throws Exception {
        try (NodeToolTestServer server = current();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            server.faults().stallStreamAfter(3, Duration.ofSeconds(60));
            client.send(command(
                    "run_job",
                    "job_id",
                    "s",
                    "workflow_id",
                    DemoWorkflowIds.SLOW,
                    "params",
                    Map.of("steps", 3, "delay_ms", 1)));
            client.next();
            for (int seq = 1; seq <= 3; seq++) {
                assertThat(client.next().path("job_seq").asInt()).isEqualTo(seq);
            }
            // The job is stalled: the very next frame is the reply, not a job frame.
            client.send(command("get_status", "job_id", "s"));
            assertThat(client.next().toString())
                    .isEqualTo("{\"status\":\"running\",\"job_id\":\"s\",\"workflow_id\":\"slow\"}");
            client.send(command("cancel_job", "job_id", "s"));
            assertThat(client.next().path("message").asText()).isEqualTo("Job cancellation requested");
            assertThat(client.await(WsClient.terminal()).path("status").asText())
                    .isEqualTo("cancelled");
        }
    }

    @Test
    void malformedNextFrameReplacesOneReply() throws Exception {
        try (NodeToolTestServer server = current();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            server.faults().malformedNextFrame();
            client.send(command("get_status"));
            assertThat(client.nextFrame().message()).isNull();
            client.send(command("get_status"));
            assertThat(client.next().has("active_jobs")).isTrue();
        }
    }

    @Test
    void closeWebSocketsSendsTheCodeAndReason() throws Exception {
        try (NodeToolTestServer server = current();
                WsClient a = WsClient.connectCurrent(server.webSocketUrl());
                WsClient b = WsClient.connectCurrent(server.webSocketUrl())) {
            assertThat(server.activeSockets()).isEqualTo(2);
            server.faults().closeWebSockets(4000, "bye");
            assertThat(a.awaitClose()).isEqualTo(new WsClient.Closed(4000, "bye"));
            assertThat(b.awaitClose().code()).isEqualTo(4000);
        }
    }

    @Test
    void dropWebSocketsLosesTheConnectionWithoutACloseFrame() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start();
                WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("get_status"));
            client.next();
            assertThat(server.activeSockets()).isEqualTo(1);
            server.faults().dropWebSockets();
            assertThat(client.awaitClose().code()).isEqualTo(1006);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.activeSockets() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.activeSockets()).isZero();
        }
    }

    @Test
    void legacyRestartClosesWith1012WithoutAnnouncement() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start();
                WsClient client = WsClient.connect(server.webSocketUrl())) {
            client.send(command("get_status"));
            client.next();
            server.faults().restart(true);
            assertThat(client.awaitClose().code()).isEqualTo(1012);
            assertThat(client.pollFrame(0)).isNull();
        }
    }

    @Test
    void closeLeavesNoSessionTimerOrJobThreadBehind() throws Exception {
        NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .pingInterval(Duration.ofMillis(20))
                .start();
        WsClient client = WsClient.connectCurrent(server.webSocketUrl());
        client.send(command(
                "run_job",
                "job_id",
                "t",
                "workflow_id",
                DemoWorkflowIds.SLOW,
                "params",
                Map.of("steps", 1000, "delay_ms", 20)));
        client.await(f -> f.path("type").asText().equals("node_progress"));
        client.await(f -> f.path("type").asText().equals("ping"));
        server.close();
        client.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!serverThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(serverThreads()).isEmpty();
        assertThat(server.activeSockets()).isZero();
    }

    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("nodetool-testserver-") || n.startsWith("nodetool-engine-"))
                .toList();
    }

    @Test
    void manyJobsOnOneSocketAndAcrossSocketsAreRoutedCorrectly() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .maxConcurrentJobs(64)
                .maxRunsPerWorkflow(64)
                .start()) {
            try (WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
                int jobs = 60;
                for (int i = 0; i < jobs; i++) {
                    client.send(command(
                            "run_job",
                            "job_id",
                            "j" + i,
                            "workflow_id",
                            DemoWorkflowIds.GREETING,
                            "params",
                            Map.of("name", "n" + i),
                            "require_terminal_result",
                            true,
                            "concurrent",
                            true));
                }
                assertRouted(client, "j", jobs, server);
            }
            List<WsClient> clients = new java.util.ArrayList<>();
            try {
                for (int c = 0; c < 5; c++) {
                    clients.add(WsClient.connectCurrent(server.webSocketUrl()));
                }
                for (int c = 0; c < clients.size(); c++) {
                    for (int i = 0; i < 10; i++) {
                        clients.get(c)
                                .send(command(
                                        "run_job",
                                        "job_id",
                                        "c" + c + "-" + i,
                                        "workflow_id",
                                        DemoWorkflowIds.GREETING,
                                        "params",
                                        Map.of("name", "n" + i),
                                        "require_terminal_result",
                                        true,
                                        "concurrent",
                                        true));
                    }
                }
                for (int c = 0; c < clients.size(); c++) {
                    assertRouted(clients.get(c), "c" + c + "-", 10, server);
                }
            } finally {
                clients.forEach(WsClient::close);
            }
        }
    }

    /** Reads until every job finished; each frame belongs to a job of this socket, in seq order, none lost. */
    private static void assertRouted(WsClient client, String prefix, int jobs, NodeToolTestServer server)
            throws Exception {
        Map<String, List<JsonNode>> byJob = new java.util.HashMap<>();
        int finished = 0;
        while (finished < jobs) {
            JsonNode frame = client.next();
            if (!frame.has("job_id")) {
                continue; // a command reply
            }
            String jobId = frame.path("job_id").asText();
            assertThat(jobId).startsWith(prefix);
            byJob.computeIfAbsent(jobId, k -> new java.util.ArrayList<>()).add(frame);
            if (WsClient.jobUpdate("completed").test(frame)) {
                finished++;
                int i = Integer.parseInt(jobId.substring(prefix.length()));
                assertThat(frame.path("result")
                                .path("outputs")
                                .path("greeting")
                                .get(0)
                                .asText())
                        .isEqualTo("Hello, n" + i + "!");
            }
        }
        assertThat(byJob).hasSize(jobs);
        byJob.forEach((jobId, frames) ->
                assertThat(WsClient.texts(frames)).isEqualTo(WsClient.texts(server.framesSent(jobId))));
    }
}
