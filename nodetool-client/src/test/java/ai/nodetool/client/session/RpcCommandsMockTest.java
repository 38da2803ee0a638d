package ai.nodetool.client.session;

import static ai.nodetool.client.session.WsPeer.obj;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.RpcException;
import ai.nodetool.client.errors.UnsupportedByServerException;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowPage;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket RPC commands correlated by request_id, with the reply shapes of protocol-notes §7.5. */
class RpcCommandsMockTest {
    private static final Map<String, Object> WORKFLOW = Map.of(
            "id", "wf1", "name", "One", "access", "private", "graph", Map.of("nodes", List.of(), "edges", List.of()));

    private WsPeer peer;
    private NodeToolClient client;

    @BeforeEach
    void start() throws Exception {
        peer = new WsPeer();
        client = NodeToolClient.builder().baseUrl(peer.baseUrl()).apiToken(null).build();
    }

    @AfterEach
    void stop() {
        client.close();
        peer.close();
    }

    private JobSession connect(Duration replyTimeout) throws InterruptedException {
        peer.acceptUpgrade();
        JobSession s = client.connect(
                SessionOptions.builder().replyTimeout(replyTimeout).build());
        peer.awaitOpen();
        return s;
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private void answer(WsPeer.Frame request, String resultOrErrorKey, Object value) {
        peer.send(obj(
                "type",
                "rpc_response",
                "request_id",
                request.tree().get("request_id").asText(),
                "command",
                request.command(),
                resultOrErrorKey,
                value));
    }

    @Test
    void getWorkflowSendsARequestIdAndReadsTheResult() throws Exception {
        try (JobSession session = connect(Duration.ofSeconds(10))) {
            CompletableFuture<Workflow> f = session.getWorkflow("wf1");
            WsPeer.Frame request = peer.takeCommand("get_workflow");

            assertThat(request.tree().get("request_id").asText()).isNotBlank();
            assertThat(request.data()).isEqualTo(WsPeer.JSON.readTree("{\"id\":\"wf1\"}"));
            answer(request, "result", WORKFLOW);

            assertThat(f.get(10, TimeUnit.SECONDS).id()).isEqualTo("wf1");
        }
    }

    @Test
    void anErrorReplyIsAnRpcExceptionWithItsCodes() throws Exception {
        try (JobSession session = connect(Duration.ofSeconds(10))) {
            CompletableFuture<Workflow> f = session.getWorkflow("gone");
            answer(
                    peer.takeCommand("get_workflow"),
                    "error",
                    Map.of(
                            "code", "WORKFLOW_NOT_FOUND",
                            "message", "Workflow not found",
                            "retryable", false,
                            "apiCode", "WORKFLOW_NOT_FOUND",
                            "trpcCode", "NOT_FOUND"));

            assertThat(failure(f)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.command()).isEqualTo("get_workflow");
                assertThat(e.code()).isEqualTo("WORKFLOW_NOT_FOUND");
                assertThat(e.trpcCode()).isEqualTo("NOT_FOUND");
                assertThat(e.retryable()).isFalse();
            });
        }
    }

    @Test
    void repliesInAnyOrderReachTheirOwnCalls() throws Exception {
        try (JobSession session = connect(Duration.ofSeconds(10))) {
            CompletableFuture<JsonNode> node = session.getNode("nodetool.text.Concat");
            CompletableFuture<WorkflowPage> page = session.listWorkflows(5, null);
            CompletableFuture<JsonNode> assets = session.listAssets(Map.of("content_type", "image"));
            WsPeer.Frame nodeRequest = peer.takeCommand("get_node");
            WsPeer.Frame pageRequest = peer.takeCommand("list_workflows");
            WsPeer.Frame assetsRequest = peer.takeCommand("list_assets");
            assertThat(pageRequest.data()).isEqualTo(WsPeer.JSON.readTree("{\"limit\":5}"));

            answer(assetsRequest, "result", Map.of("assets", List.of(Map.of("id", "a1")), "next", "n"));
            answer(pageRequest, "result", Map.of("workflows", List.of(WORKFLOW), "next", "c2"));
            answer(nodeRequest, "result", Map.of("node_type", "nodetool.text.Concat", "title", "Concat"));

            assertThat(page.get(10, TimeUnit.SECONDS).workflows())
                    .extracting(Workflow::id)
                    .containsExactly("wf1");
            assertThat(page.get().next()).isEqualTo("c2");
            assertThat(node.get(10, TimeUnit.SECONDS).get("title").asText()).isEqualTo("Concat");
            assertThat(assets.get(10, TimeUnit.SECONDS)
                            .path("assets")
                            .get(0)
                            .get("id")
                            .asText())
                    .isEqualTo("a1");
        }
    }

    @Test
    void aServerThatDoesNotKnowTheCommandEndsTheCallWithATimeoutThatSaysSo() throws Exception {
        try (JobSession session = connect(Duration.ofMillis(300))) {
            CompletableFuture<JsonNode> f = session.getAsset("a1");
            peer.takeCommand("get_asset");
            peer.send(obj("error", "Unknown command"));

            assertThat(failure(f))
                    .isInstanceOf(NodeToolTimeoutException.class)
                    .hasMessageContaining("get_asset")
                    .hasMessageContaining("may not know the command");
        }
    }

    @Test
    void aLegacySocketGetsNoRpcFrameAndAClearError() throws Exception {
        peer.refuseUpgrade(404, "{\"detail\":\"Not Found\"}");
        peer.acceptUpgrade();
        try (JobSession session = client.connect()) {
            peer.awaitOpen();
            assertThat(session.url()).endsWith("/predict");

            assertThat(failure(session.listNodes(Map.of())))
                    .isInstanceOfSatisfying(
                            UnsupportedByServerException.class,
                            e -> assertThat(e.serverGeneration()).isEqualTo("legacy (Gen A/B)"));
            assertThat(peer.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }
}
