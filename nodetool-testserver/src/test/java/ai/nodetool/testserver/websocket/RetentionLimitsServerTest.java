package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Everything the server keeps per job or per output is bounded (builder limits), so that a server
 * kept across a long suite or a benchmark keeps a flat heap; {@code clearRecordings()} empties every
 * frame log, running jobs' included.
 */
class RetentionLimitsServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Runs {@code workflowId} on a Gen A socket and returns the server-made job id. */
    private static String runLegacy(WsClient client, String workflowId) throws Exception {
        client.send(command("run_job", "workflow_id", workflowId));
        return client.await(WsClient.terminal()).path("job_id").asText();
    }

    @Test
    void aJobsLogKeepsItsNewestFramesOnly() throws Exception {
        try (NodeToolTestServer server =
                        NodeToolTestServer.builder().frameLogLimits(1000, 100).start();
                WsClient client = WsClient.connect(server.webSocketUrl())) {
            server.registerFirehose("hose", 500, 8);
            String jobId = runLegacy(client, "hose");
            List<JsonNode> frames = server.framesSent(jobId);
            assertThat(frames).hasSize(100);
            assertThat(frames.get(0).path("content").asText()).startsWith("401 ");
            assertThat(frames.get(99).path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void finishedJobsBeyondTheFrameBudgetAreForgottenOldestFirst() throws Exception {
        try (NodeToolTestServer server =
                        NodeToolTestServer.builder().frameLogLimits(40, 1000).start();
                WsClient client = WsClient.connect(server.webSocketUrl())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(runLegacy(client, DemoWorkflowIds.GREETING));
            }
            awaitForgotten(server, ids.get(0));
            int total = 0;
            for (String id : ids) {
                total += server.framesSent(id).size();
            }
            assertThat(total).isLessThanOrEqualTo(40);
            assertThat(server.framesSent(ids.get(0))).isEmpty();
            assertThat(server.framesSent(ids.get(7))).isNotEmpty();
        }
    }

    @Test
    void onlyTheNewestFinishedJobsAreKept() throws Exception {
        try (NodeToolTestServer server =
                        NodeToolTestServer.builder().maxRetainedJobs(3).start();
                WsClient client = WsClient.connect(server.webSocketUrl())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(runLegacy(client, DemoWorkflowIds.SUM));
            }
            awaitForgotten(server, ids.get(2));
            for (int i = 0; i < 6; i++) {
                assertThat(server.framesSent(ids.get(i)).isEmpty())
                        .as("job %d", i)
                        .isEqualTo(i < 3);
            }
        }
    }

    @Test
    void aFinishedJobsFramesAreForgottenAfterItsRetention() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .replayRetention(Duration.ofMillis(200))
                        .start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "short", "workflow_id", DemoWorkflowIds.GREETING));
            client.await(WsClient.terminalWithResult());
            boolean forgotten = false;
            for (int attempt = 0; attempt < 100 && !forgotten; attempt++) {
                forgotten = server.framesSent("short").isEmpty();
                Thread.sleep(50); // waits for the retention timer; bounded, not a timing assertion
            }
            assertThat(forgotten).isTrue();
        }
    }

    @Test
    void clearRecordingsEmptiesTheLogsOfRunningJobsToo() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .start();
                WsClient client = WsClient.connectCurrent(server.webSocketUrl())) {
            client.send(command(
                    "run_job",
                    "job_id",
                    "slow",
                    "workflow_id",
                    DemoWorkflowIds.SLOW,
                    "params",
                    Map.of("steps", 6, "delay_ms", 100)));
            client.await(f -> f.path("type").asText().equals("node_progress"));
            assertThat(server.framesSent("slow")).isNotEmpty();
            server.clearRecordings();
            assertThat(server.requests()).isEmpty();
            assertThat(server.commands()).isEmpty();
            client.await(WsClient.terminalWithResult());
            List<JsonNode> after = server.framesSent("slow");
            assertThat(after).isNotEmpty();
            assertThat(after).noneMatch(WsClient.jobUpdate("running"));
            assertThat(after.get(0).path("job_seq").asLong()).isGreaterThan(3);
        }
    }

    @Test
    void tempMediaBeyondTheFileLimitAreDeletedOldestFirst() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .tempMediaLimits(2, 1L << 20, Duration.ofMinutes(10))
                .start()) {
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                uris.add(runImage(server));
            }
            assertThat(status(uris.get(0))).isEqualTo(404);
            assertThat(status(uris.get(1))).isEqualTo(200);
            assertThat(status(uris.get(2))).isEqualTo(200);
        }
    }

    @Test
    void tempMediaBeyondTheByteLimitAreDeletedButTheNewestStays() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .tempMediaLimits(100, 10, Duration.ofMinutes(10))
                .start()) {
            String first = runImage(server);
            String second = runImage(server);
            assertThat(status(first)).isEqualTo(404);
            assertThat(status(second)).isEqualTo(200);
        }
    }

    @Test
    void tempMediaExpireAfterTheirTtl() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .tempMediaLimits(100, 1L << 20, Duration.ofMillis(300))
                .start()) {
            String uri = runImage(server);
            int status = status(uri);
            for (int attempt = 0; attempt < 100 && status == 200; attempt++) {
                Thread.sleep(50); // waits for the TTL; bounded, not a timing assertion
                status = status(uri);
            }
            assertThat(status).isEqualTo(404);
        }
    }

    /** A Gen C blocking run of the image demo; the temp URL of its output. */
    private static String runImage(NodeToolTestServer server) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(server.baseUrl() + "/api/workflows/" + DemoWorkflowIds.IMAGE + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{\"width\":8,\"height\":8}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode envelope = WsClient.JSON.readTree(response.body());
        String uri = envelope.path("outputs").path("image").get(0).path("uri").asText();
        assertThat(uri).contains("/api/storage/temp/");
        return uri;
    }

    private static int status(String uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * The client sees a job's terminal frame before the server has handed the job to its retention (which
     * then forgets the oldest), so the last job's turn may still be coming: waits up to 5 s for {@code jobId}
     * to be forgotten. Bounded, not a timing assertion; the assertions after it still fail if the limits are
     * wrong.
     */
    private static void awaitForgotten(NodeToolTestServer server, String jobId) throws InterruptedException {
        for (int attempt = 0; attempt < 100 && !server.framesSent(jobId).isEmpty(); attempt++) {
            Thread.sleep(50);
        }
    }
}
