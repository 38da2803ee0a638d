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

/** Gen C detachable jobs: replay by {@code job_seq}, grace period, restarts (protocol-notes §9.1, §9.2). */
class ReplayTest {

    private static NodeToolTestServer.Builder current() {
        return NodeToolTestServer.builder().generation(Generation.CURRENT);
    }

    /** Reads job frames until the socket dies; returns the job frames that made it. */
    private static List<JsonNode> readUntilDropped(WsClient client) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            WsClient.Frame frame = client.pollFrame(200);
            if (frame == null) {
                if (client.isClosed()) {
                    return frames;
                }
                continue;
            }
            if (frame.message() != null && frame.message().has("job_seq")) {
                frames.add(frame.message());
            }
        }
    }

    private static long maxSeq(List<JsonNode> frames) {
        return frames.stream().mapToLong(f -> f.path("job_seq").asLong()).max().orElse(0);
    }

    /** Waits (bounded) until the server recorded a frame for the job that matches. */
    private static void awaitRecorded(NodeToolTestServer server, String jobId, Predicate<JsonNode> match)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.framesSent(jobId).stream().noneMatch(match)) {
            assertThat(System.nanoTime()).as("frame recorded in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void replayAfterADroppedSocketReturnsExactlyTheMissedFrames() throws Exception {
        try (NodeToolTestServer server = current().start()) {
            server.faults().dropStreamAfter(5);
            List<JsonNode> before;
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "r1",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 10, "delay_ms", 20)));
                before = readUntilDropped(first);
                assertThat(first.awaitClose().code()).isEqualTo(1006);
            }
            assertThat(before.size()).isLessThanOrEqualTo(5);
            long lastSeq = maxSeq(before);
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "r1", "last_seq", lastSeq));
                assertThat(second.next().toString())
                        .isEqualTo(
                                "{\"message\":\"Reconnecting to job r1\",\"job_id\":\"r1\",\"workflow_id\":\"slow\"}");
                JsonNode header = second.next();
                assertThat(header.path("type").asText()).isEqualTo("job_resumed");
                assertThat(header.path("replay_incomplete").asBoolean()).isFalse();
                assertThat(header.path("last_seq").asLong()).isGreaterThanOrEqualTo(lastSeq);
                List<JsonNode> after = second.until(WsClient.terminalWithResult());
                assertThat(after.get(0).path("job_seq").asLong()).isEqualTo(lastSeq + 1);

                List<JsonNode> all = new ArrayList<>(before);
                all.addAll(after);
                for (int i = 0; i < all.size(); i++) {
                    assertThat(all.get(i).path("job_seq").asLong()).isEqualTo(i + 1);
                }
                assertThat(WsClient.texts(all)).isEqualTo(WsClient.texts(server.framesSent("r1")));
            }
        }
    }

    @Test
    void anOverflowedBufferReportsReplayIncomplete() throws Exception {
        try (NodeToolTestServer server = current().replayBufferEvents(3).start()) {
            server.faults().dropStreamAfter(2);
            List<JsonNode> before;
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "r2",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 5, "delay_ms", 1)));
                before = readUntilDropped(first);
            }
            awaitRecorded(server, "r2", WsClient.terminalWithResult());
            List<JsonNode> recorded = server.framesSent("r2");
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "r2", "last_seq", maxSeq(before)));
                second.next();
                JsonNode header = second.next();
                assertThat(header.path("status").asText()).isEqualTo("finished");
                assertThat(header.path("replay_incomplete").asBoolean()).isTrue();
                assertThat(header.path("replay_count").asInt()).isEqualTo(3);
                assertThat(header.path("last_seq").asLong()).isEqualTo(recorded.size());
                List<JsonNode> replayed = List.of(second.next(), second.next(), second.next());
                assertThat(WsClient.texts(replayed))
                        .isEqualTo(WsClient.texts(recorded.subList(recorded.size() - 3, recorded.size())));
            }
        }
    }

    @Test
    void anUnattendedJobIsCancelledWhenTheGracePeriodEnds() throws Exception {
        try (NodeToolTestServer server =
                current().jobDetachGrace(Duration.ofMillis(100)).start()) {
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "g1",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 1000, "delay_ms", 20)));
                first.await(f -> f.path("type").asText().equals("node_progress"));
                server.faults().dropWebSockets();
                first.awaitClose();
            }
            awaitRecorded(server, "g1", WsClient.jobUpdate("cancelled"));
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "g1", "last_seq", 0));
                second.next();
                JsonNode header = second.next();
                assertThat(header.path("status").asText()).isEqualTo("finished");
                List<JsonNode> replay = second.until(WsClient.jobUpdate("cancelled"));
                assertThat(replay).hasSize(header.path("replay_count").asInt());
            }
        }
    }

    @Test
    void aReconnectWithinTheGracePeriodKeepsTheJobAlive() throws Exception {
        try (NodeToolTestServer server = current().start()) {
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "alive",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 15, "delay_ms", 20)));
                first.await(f -> f.path("type").asText().equals("node_progress"));
            } // abort: the socket is lost
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "alive"));
                second.next();
                assertThat(second.next().path("type").asText()).isEqualTo("job_resumed");
                JsonNode done = second.await(WsClient.terminalWithResult());
                assertThat(done.path("result").path("outputs").path("Output").toString())
                        .isEqualTo("[15]");
                // The reconnecting socket owns the job now.
                second.send(command("get_status", "job_id", "alive"));
                assertThat(second.next().path("status").asText()).isEqualTo("completed");
            }
        }
    }

    @Test
    void restartWithoutJobsAnnouncesClosesWith1012AndForgetsTheJob() throws Exception {
        try (NodeToolTestServer server = current().start()) {
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "lost",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 1000, "delay_ms", 20)));
                first.await(f -> f.path("type").asText().equals("node_progress"));
                server.faults().restart(false);
                JsonNode error = first.await(f -> f.path("type").asText().equals("error"));
                assertThat(error.toString())
                        .isEqualTo(
                                "{\"type\":\"error\",\"message\":\"This server is restarting. Reconnect and try again.\"}");
                assertThat(first.awaitClose().code()).isEqualTo(1012);
            }
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "lost", "last_seq", 3));
                second.next();
                assertThat(second.next().toString())
                        .isEqualTo(
                                "{\"type\":\"job_update\",\"status\":\"failed\",\"job_id\":\"lost\",\"error\":\"Job lost not found\"}");
            }
        }
    }

    @Test
    void restartKeepingJobsLetsClientsReconnect() throws Exception {
        try (NodeToolTestServer server = current().start()) {
            List<JsonNode> before = new ArrayList<>();
            try (WsClient first = WsClient.connectCurrent(server.webSocketUrl())) {
                first.send(command(
                        "run_job",
                        "job_id",
                        "kept",
                        "workflow_id",
                        DemoWorkflowIds.SLOW,
                        "params",
                        Map.of("steps", 10, "delay_ms", 20)));
                before.addAll(first.until(f -> f.path("type").asText().equals("node_progress")));
                server.faults().restart(true);
                assertThat(first.awaitClose().code()).isEqualTo(1012);
            }
            before.removeIf(f -> !f.has("job_seq"));
            try (WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", "kept", "last_seq", maxSeq(before)));
                second.next();
                assertThat(second.next().path("type").asText()).isEqualTo("job_resumed");
                assertThat(second.await(WsClient.terminalWithResult())
                                .path("status")
                                .asText())
                        .isEqualTo("completed");
            }
        }
    }

    @Test
    void legacyJobsKeepRunningAfterADropAndReportTheirFinalStatus() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            Map<String, Integer> params = Map.of("steps", 3, "delay_ms", 300);
            // The drop resets the socket, which may destroy frames still in flight. So it is armed to hit
            // the first node_progress, which comes delay_ms after the frames this test reads before it.
            int firstProgress;
            try (WsClient probe = WsClient.connect(server.webSocketUrl())) {
                probe.send(command("run_job", "workflow_id", DemoWorkflowIds.SLOW, "params", params));
                List<JsonNode> clean = probe.until(WsClient.jobUpdate("completed"));
                List<JsonNode> sent = server.framesSent(
                        clean.get(clean.size() - 1).path("job_id").asText());
                firstProgress = 1
                        + sent.stream()
                                .map(f -> f.path("type").asText())
                                .toList()
                                .indexOf("node_progress");
                assertThat(firstProgress).isGreaterThan(2);
            }
            server.faults().dropStreamAfter(firstProgress);
            String jobId;
            try (WsClient first = WsClient.connect(server.webSocketUrl())) {
                first.send(command("run_job", "workflow_id", DemoWorkflowIds.SLOW, "params", params));
                first.next();
                jobId = first.next().path("job_id").asText();
                assertThat(first.awaitClose().code()).isEqualTo(1006);
            }
            awaitRecorded(server, jobId, WsClient.jobUpdate("completed"));
            try (WsClient second = WsClient.connect(server.webSocketUrl())) {
                second.send(command("reconnect_job", "job_id", jobId));
                second.next();
                assertThat(second.next().path("status").asText()).isEqualTo("completed");
            }
        }
    }
}
