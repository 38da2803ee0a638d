package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Gen C admission (protocol-notes §7.6): the per-workflow limit, the per-user cap across sockets, the
 * per-connection queue, the {@code queued} frame and its re-sends, cancelling a queued run, and
 * reused job ids.
 */
class AdmissionServerTest {
    private static final Map<String, Integer> LONG_RUN = Map.of("steps", 400, "delay_ms", 25);
    private static final Map<String, Integer> SHORT_RUN = Map.of("steps", 6, "delay_ms", 50);

    private static NodeToolTestServer.Builder current() {
        return NodeToolTestServer.builder().generation(Generation.CURRENT);
    }

    private static Predicate<JsonNode> queued(String jobId) {
        return f -> WsClient.jobUpdate("queued").test(f)
                && f.path("job_id").asText().equals(jobId);
    }

    private static Predicate<JsonNode> of(String jobId, Predicate<JsonNode> p) {
        return f -> p.test(f) && f.path("job_id").asText().equals(jobId);
    }

    private static void runSlow(WsClient client, String jobId, Map<String, Integer> params, Object... extra)
            throws Exception {
        Object[] kv = new Object[6 + extra.length];
        kv[0] = "job_id";
        kv[1] = jobId;
        kv[2] = "workflow_id";
        kv[3] = DemoWorkflowIds.SLOW;
        kv[4] = "params";
        kv[5] = params;
        System.arraycopy(extra, 0, kv, 6, extra.length);
        client.send(command("run_job", kv));
    }

    @Test
    void aSecondRunOfTheSameWorkflowIsQueuedWithoutJobSeqAndStartsWhenTheFirstEnds() throws Exception {
        try (NodeToolTestServer server = current().start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(client, "a", SHORT_RUN);
            client.await(of("a", WsClient.jobUpdate("running")));
            runSlow(client, "b", SHORT_RUN);
            JsonNode queued = client.await(queued("b"));
            assertThat(queued.toString())
                    .isEqualTo(
                            "{\"type\":\"job_update\",\"status\":\"queued\",\"job_id\":\"b\",\"workflow_id\":\"slow\","
                                    + "\"queue_position\":1,\"message\":\"Queued (#1)\"}");
            client.send(command("get_status", "job_id", "b"));
            assertThat(client.await(WsClient.untyped()).path("status").asText()).isEqualTo("queued");

            List<JsonNode> rest = client.until(of("b", WsClient.terminalWithResult()));
            int aDone = indexOf(rest, of("a", WsClient.terminalWithResult()));
            int bRunning = indexOf(rest, of("b", WsClient.jobUpdate("running")));
            assertThat(aDone).isNotNegative().isLessThan(bRunning);
            assertThat(rest.get(bRunning).path("job_seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void concurrentRunsOfOneWorkflowRunTogetherUpToMaxRunsPerWorkflow() throws Exception {
        try (NodeToolTestServer server = current().maxRunsPerWorkflow(2).start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(client, "c1", LONG_RUN, "concurrent", true);
            runSlow(client, "c2", LONG_RUN, "concurrent", true);
            client.await(of("c1", WsClient.jobUpdate("running")));
            client.await(of("c2", WsClient.jobUpdate("running")));
            runSlow(client, "c3", LONG_RUN, "concurrent", true);
            assertThat(client.await(queued("c3")).path("queue_position").asInt())
                    .isEqualTo(1);
            // A run without `concurrent` is held by the limit of 1 as well.
            runSlow(client, "c4", LONG_RUN);
            assertThat(client.await(queued("c4")).path("queue_position").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void anInlineGraphWithoutWorkflowIdIsNeverHeldByThePerWorkflowLimit() throws Exception {
        Map<String, Object> graph = Map.of(
                "nodes",
                List.of(
                        Map.of(
                                "id",
                                "slow",
                                "type",
                                "nodetool.test.Slow",
                                "data",
                                Map.of("steps", 400, "delay_ms", 25)),
                        Map.of("id", "out", "type", "nodetool.output.Output", "data", Map.of("name", "r"))),
                "edges",
                List.of(Map.of("source", "slow", "sourceHandle", "output", "target", "out", "targetHandle", "value")));
        try (NodeToolTestServer server = current().start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "g1", "graph", graph));
            client.send(command("run_job", "job_id", "g2", "graph", graph));
            client.await(of("g1", WsClient.jobUpdate("running")));
            client.await(of("g2", WsClient.jobUpdate("running")));
            // With a workflow id, the same inline graph is held.
            client.send(command("run_job", "job_id", "g3", "workflow_id", "named", "graph", graph));
            client.send(command("run_job", "job_id", "g4", "workflow_id", "named", "graph", graph));
            client.await(of("g3", WsClient.jobUpdate("running")));
            assertThat(client.await(queued("g4")).path("queue_position").asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void cancellingAQueuedRunRepliesQueuedJobCancelledAndMovesTheOthersUp() throws Exception {
        try (NodeToolTestServer server = current().maxConcurrentJobs(1).start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(client, "r", LONG_RUN);
            client.send(command("run_job", "job_id", "q1", "workflow_id", DemoWorkflowIds.GREETING));
            client.send(command("run_job", "job_id", "q2", "workflow_id", DemoWorkflowIds.SUM));
            assertThat(client.await(queued("q1")).path("queue_position").asInt())
                    .isEqualTo(1);
            assertThat(client.await(queued("q2")).path("queue_position").asInt())
                    .isEqualTo(2);

            client.send(command("cancel_job", "job_id", "q1"));
            List<JsonNode> after = client.until(of("q2", WsClient.jobUpdate("queued")));
            assertThat(after)
                    .anyMatch(
                            f -> f.toString()
                                    .equals(
                                            "{\"message\":\"Queued job cancelled\",\"job_id\":\"q1\",\"workflow_id\":\"greeting\"}"));
            JsonNode cancelled = after.stream()
                    .filter(of("q1", WsClient.jobUpdate("cancelled")))
                    .findFirst()
                    .orElseThrow();
            assertThat(cancelled.has("job_seq")).isFalse();
            JsonNode moved = after.get(after.size() - 1);
            assertThat(moved.path("queue_position").asInt()).isEqualTo(1);
            assertThat(moved.path("message").asText()).isEqualTo("Queued (#1)");
            assertThat(moved.has("job_seq")).isFalse();

            client.send(command("cancel_job", "job_id", "r"));
            JsonNode sum = client.await(of("q2", WsClient.terminalWithResult()));
            assertThat(sum.path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void theCapIsPerUserAcrossSocketsButOnlyTheOwnConnectionsRunsDrainAQueue() throws Exception {
        try (NodeToolTestServer server = current().maxConcurrentJobs(1).start();
                WsClient first = WsClient.connectCurrent(server.webSocketUrl());
                WsClient second = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(first, "mine", SHORT_RUN);
            first.await(of("mine", WsClient.jobUpdate("running")));
            second.send(command("run_job", "job_id", "theirs", "workflow_id", DemoWorkflowIds.GREETING));
            assertThat(second.await(queued("theirs")).path("queue_position").asInt())
                    .isEqualTo(1);
            first.await(of("mine", WsClient.terminalWithResult()));
            // The other connection's run ended: this queue does not move.
            assertThat(second.quietFor(500)).isTrue();
            second.send(command("get_status", "job_id", "theirs"));
            assertThat(second.next().path("status").asText()).isEqualTo("queued");

            // One of this connection's own runs ending drains it: an inline graph is admitted (the cap has
            // room again), and when it ends the queued run starts.
            second.send(
                    command("run_job", "job_id", "inline", "graph", Map.of("nodes", List.of(), "edges", List.of())));
            List<JsonNode> frames = second.until(of("theirs", WsClient.terminalWithResult()));
            int inlineDone = indexOf(frames, of("inline", WsClient.terminal()));
            int theirsRunning = indexOf(frames, of("theirs", WsClient.jobUpdate("running")));
            assertThat(inlineDone).isNotNegative().isLessThan(theirsRunning);
        }
    }

    @Test
    void aReusedRunningJobIdIsQueuedUnderTheSameIdAndCancelRemovesOnlyTheQueuedCopy() throws Exception {
        try (NodeToolTestServer server = current().start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(client, "dup-1", SHORT_RUN);
            client.await(of("dup-1", WsClient.jobUpdate("running")));
            runSlow(client, "dup-1", SHORT_RUN);
            List<JsonNode> seen = client.until(queued("dup-1"));
            assertThat(seen).noneMatch(f -> f.path("error").asText().equals("invalid_command"));
            assertThat(seen).anyMatch(f -> f.path("message").asText().equals("Job started"));

            client.send(command("cancel_job", "job_id", "dup-1"));
            assertThat(client.await(WsClient.untyped()).path("message").asText())
                    .isEqualTo("Queued job cancelled");
            assertThat(client.await(of("dup-1", WsClient.jobUpdate("cancelled")))
                            .has("job_seq"))
                    .isFalse();
            // The running copy goes on to the end.
            JsonNode done = client.await(of("dup-1", WsClient.terminalWithResult()));
            assertThat(done.path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void anAdmittedRunWithAReusedIdCancelsTheOlderRunAndBothUseTheId() throws Exception {
        try (NodeToolTestServer server = current().start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            runSlow(client, "dup-2", LONG_RUN);
            client.await(of("dup-2", WsClient.jobUpdate("running")));
            // Another workflow under the same id is admitted at once.
            client.send(command(
                    "run_job",
                    "job_id",
                    "dup-2",
                    "workflow_id",
                    DemoWorkflowIds.GREETING,
                    "params",
                    Map.of("name", "x")));
            List<JsonNode> frames = new java.util.ArrayList<>();
            while (frames.stream().noneMatch(WsClient.jobUpdate("cancelled"))
                    || frames.stream().noneMatch(WsClient.terminalWithResult())) {
                frames.add(client.next());
            }
            JsonNode last = frames.stream()
                    .filter(WsClient.terminalWithResult())
                    .findFirst()
                    .orElseThrow();
            assertThat(last.path("workflow_id").asText()).isEqualTo(DemoWorkflowIds.GREETING);
            assertThat(frames.stream()
                            .filter(WsClient.jobUpdate("cancelled"))
                            .findFirst()
                            .orElseThrow()
                            .path("workflow_id")
                            .asText())
                    .isEqualTo(DemoWorkflowIds.SLOW);
            assertThat(frames)
                    .allMatch(f -> !f.has("type") || f.path("job_id").asText().equals("dup-2"));
            // The reconnect reaches the newer run only.
            client.send(command("reconnect_job", "job_id", "dup-2", "last_seq", 0));
            client.await(WsClient.untyped());
            assertThat(client.next().path("workflow_id").asText()).isEqualTo(DemoWorkflowIds.GREETING);
        }
    }

    private static int indexOf(List<JsonNode> frames, Predicate<JsonNode> p) {
        for (int i = 0; i < frames.size(); i++) {
            if (p.test(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
