package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.ServerConfigurer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The WebSocket faults, restarts, concurrency and shutdown of issue 2, on the wire of BOTH generations
 * ({@code /predict} and {@code /ws}); {@link WebSocketFaultsTest} covers the Gen C specifics.
 */
class BothGenerationsWebSocketTest {

    /** Room for the many concurrent jobs these tests run on one socket. */
    static final class ManyJobsPerConnection implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            builder.maxConcurrentJobs(64).maxRunsPerWorkflow(64);
        }
    }

    /** For the tests that restart or close the server themselves. */
    private static NodeToolTestServer start(Generation generation) {
        NodeToolTestServer.Builder builder = NodeToolTestServer.builder().generation(generation);
        new ManyJobsPerConnection().configure(generation, builder);
        return builder.start();
    }

    private static WsClient connect(NodeToolTestServer server) throws Exception {
        return server.generation() == Generation.CURRENT
                ? WsClient.connectCurrent(server.webSocketUrl())
                : WsClient.connect(server.webSocketUrl());
    }

    /** A run_job command; Gen C gets the client job id, Gen A ignores it (server-generated ids). */
    private static ObjectNode runSlow(String jobId, int steps, int delayMs) {
        return command(
                "run_job",
                "job_id",
                jobId,
                "workflow_id",
                DemoWorkflowIds.SLOW,
                "params",
                Map.of("steps", steps, "delay_ms", delayMs),
                "concurrent",
                true);
    }

    private static boolean isJobFrame(WsClient.Frame frame) {
        return frame.message() != null
                && frame.message().has("type")
                && frame.message().has("job_id");
    }

    /** Reads frames until the first job frame and returns its job id (Gen A ids are the server's). */
    private static String firstJobId(WsClient client) throws Exception {
        return client.await(f -> f.has("type") && f.has("job_id"))
                .path("job_id")
                .asText();
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void dropStreamAfterCutsTheSocketWithoutCloseFrameWhileTheJobGoesOn(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            server.faults().dropStreamAfter(3);
            client.send(runSlow("d", 20, 5));
            // Frames are queued before the close is reported, so after awaitClose they are all there.
            assertThat(client.awaitClose().code()).isEqualTo(1006);
            List<JsonNode> jobFrames = new ArrayList<>();
            WsClient.Frame frame;
            while ((frame = client.pollFrame(0)) != null) {
                if (isJobFrame(frame)) {
                    jobFrames.add(frame.message());
                }
            }
            // The server resets the connection, so frames still in flight may be lost: at most 3 arrive.
            assertThat(jobFrames).hasSizeLessThanOrEqualTo(3).noneMatch(WsClient.terminal());
        }
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void malformedAfterSendsOneUndecodableFrameBetweenJobFrames(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            server.faults().malformedAfter(2);
            client.send(command("run_job", "job_id", "m", "workflow_id", DemoWorkflowIds.GREETING));
            List<String> kinds = new ArrayList<>();
            while (true) {
                WsClient.Frame frame = client.nextFrame();
                if (frame.message() == null) {
                    assertThat(frame.binary()).isTrue();
                    assertThat(frame.raw()).containsExactly(0xc1);
                    kinds.add("bad");
                } else if (isJobFrame(frame)) {
                    kinds.add("job");
                    if (WsClient.terminal().test(frame.message())) {
                        break;
                    }
                }
            }
            assertThat(kinds.subList(0, 4)).containsExactly("job", "job", "bad", "job");
            assertThat(kinds).filteredOn("bad"::equals).hasSize(1);
        }
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void oversizeAfterSendsOneValidFrameOfExactlyThatSize(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            server.faults().oversizeAfter(1, 70_000);
            client.send(command("run_job", "job_id", "o", "workflow_id", DemoWorkflowIds.GREETING));
            List<WsClient.Frame> jobFrames = new ArrayList<>();
            while (jobFrames.size() < 3) {
                WsClient.Frame frame = client.nextFrame();
                if (isJobFrame(frame)) {
                    jobFrames.add(frame);
                }
            }
            assertThat(jobFrames.get(0).raw().length).isLessThan(70_000);
            assertThat(jobFrames.get(1).raw()).hasSize(70_000);
            assertThat(jobFrames.get(1).message().path("type").asText()).isEqualTo("log_update");
            assertThat(jobFrames.get(2).raw().length).isLessThan(70_000);
            client.await(WsClient.terminal());
        }
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void stallHoldsTheJobsFramesUntilCancelled(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            server.faults().stallStreamAfter(3, Duration.ofSeconds(60));
            client.send(runSlow("s", 3, 1));
            List<JsonNode> jobFrames = new ArrayList<>();
            while (jobFrames.size() < 3) {
                JsonNode frame = client.next();
                if (frame.has("type")) {
                    jobFrames.add(frame);
                }
            }
            String jobId = jobFrames.get(0).path("job_id").asText();
            // Stalled: the very next frame is the reply to get_status, not a job frame.
            client.send(command("get_status", "job_id", jobId));
            assertThat(client.next().toString())
                    .isEqualTo("{\"status\":\"running\",\"job_id\":\"" + jobId + "\",\"workflow_id\":\"slow\"}");
            client.send(command("cancel_job", "job_id", jobId));
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Job cancellation requested");
            if (server.generation() == Generation.CURRENT) {
                assertThat(client.await(WsClient.terminal()).path("status").asText())
                        .isEqualTo("cancelled");
            } else { // protocol-notes §7.2: a legacy cancel has no terminal frame; the job is gone
                client.send(command("get_status", "job_id", jobId));
                assertThat(client.await(WsClient.untyped()).path("status").asText())
                        .isEqualTo("not_found");
            }
        }
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void malformedNextFrameReplacesOneReplyAndTheSocketStaysUsable(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            server.faults().malformedNextFrame();
            client.send(command("clear_models"));
            WsClient.Frame bad = client.nextFrame();
            assertThat(bad.message()).isNull();
            assertThat(bad.raw()).containsExactly(0xc1);
            client.send(command("clear_models"));
            assertThat(client.next().path("message").asText()).isNotEmpty();
        }
    }

    @BothGenerations(configure = ManyJobsPerConnection.class)
    void closeWebSocketsSendsTheCodeAndReason(NodeToolTestServer server) throws Exception {
        try (WsClient client = connect(server)) {
            client.send(command("clear_models"));
            client.next();
            server.faults().closeWebSockets(4001, "go away");
            assertThat(client.awaitClose()).isEqualTo(new WsClient.Closed(4001, "go away"));
        }
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void restartLosesOrKeepsJobsAsAsked(Generation generation) throws Exception {
        for (boolean keepJobs : new boolean[] {false, true}) {
            try (NodeToolTestServer server = start(generation)) {
                String jobId;
                try (WsClient first = connect(server)) {
                    first.send(runSlow("r", keepJobs ? 10 : 100_000, 20));
                    jobId = firstJobId(first);
                    first.await(f -> f.path("type").asText().equals("node_progress"));
                    server.faults().restart(keepJobs);
                    assertThat(first.awaitClose().code()).isEqualTo(1012);
                }
                try (WsClient second = connect(server)) {
                    second.send(command("reconnect_job", "job_id", jobId, "last_seq", 0));
                    // Gen C's first completed frame has no result (protocol-notes §8.3); wait for the one with it.
                    JsonNode terminal =
                            second.await(f -> WsClient.terminal().test(f) && (!keepJobs || f.has("result")));
                    if (keepJobs) {
                        assertThat(terminal.path("status").asText()).isEqualTo("completed");
                        assertThat(terminal.path("result").toString()).contains("[10]");
                    } else {
                        assertThat(terminal.path("status").asText()).isEqualTo("failed");
                        assertThat(terminal.path("error").asText()).isEqualTo("Job " + jobId + " not found");
                    }
                }
            }
        }
    }

    /** 50 jobs are all seen running at the same moment (none can finish alone), then all end. */
    @BothGenerations(configure = ManyJobsPerConnection.class)
    void fiftyJobsRunAtOnceAndAllFinish(NodeToolTestServer server) throws Exception {
        int jobs = 50;
        try (WsClient client = connect(server)) {
            for (int i = 0; i < jobs; i++) {
                client.send(runSlow("c" + i, 100_000, 20));
            }
            Set<String> progressing = new LinkedHashSet<>();
            while (progressing.size() < jobs) {
                JsonNode frame = client.next();
                assertThat(WsClient.terminal().test(frame))
                        .as("no job ends on its own: %s", frame)
                        .isFalse();
                if (frame.path("type").asText().equals("node_progress")) {
                    progressing.add(frame.path("job_id").asText());
                }
            }
            for (String jobId : progressing) {
                client.send(command("cancel_job", "job_id", jobId));
            }
            // Gen C ends each with a cancelled frame; Gen A/B only acknowledge (protocol-notes §7.2).
            Set<String> cancelled = new HashSet<>();
            while (cancelled.size() < jobs) {
                JsonNode frame = client.next();
                if (server.generation() == Generation.CURRENT
                        ? WsClient.jobUpdate("cancelled").test(frame)
                        : frame.path("message").asText().equals("Job cancellation requested")) {
                    cancelled.add(frame.path("job_id").asText());
                }
            }
            assertThat(cancelled).isEqualTo(progressing);
        }
    }

    @ParameterizedTest
    @EnumSource(Generation.class)
    void closeWithRunningJobsLeavesNoThreadBehind(Generation generation) throws Exception {
        NodeToolTestServer server = start(generation);
        WsClient client = connect(server);
        try {
            for (int i = 0; i < 3; i++) {
                client.send(runSlow("t" + i, 100_000, 20));
            }
            client.await(f -> f.path("type").asText().equals("node_progress"));
        } finally {
            server.close();
            client.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!serverThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(serverThreads()).isEmpty();
    }

    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("nodetool-testserver-") || n.startsWith("nodetool-engine-"))
                .toList();
    }
}
