package ai.nodetool.testserver.websocket;

import static ai.nodetool.testserver.websocket.WsClient.command;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a failing node ends a WebSocket job in each generation (protocol-notes §8.4, §8.6). */
class NodeFailureServerTest {
    private static final String MESSAGE = "Something went wrong";

    private static List<JsonNode> runFail(NodeToolTestServer server, boolean current) throws Exception {
        try (WsClient client =
                current ? WsClient.connectCurrent(server.webSocketUrl()) : WsClient.connect(server.webSocketUrl())) {
            client.send(command("run_job", "job_id", "f1", "workflow_id", DemoWorkflowIds.FAIL));
            List<JsonNode> frames = client.until(WsClient.terminal());
            assertThat(client.quietFor(400))
                    .as("nothing after the terminal frame")
                    .isTrue();
            return frames;
        }
    }

    @Test
    void currentSendsTheNodeErrorThenFailedWithTheNodeIdAndNoErrorFrame() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            List<JsonNode> frames = runFail(server, true);
            JsonNode nodeError = frames.stream()
                    .filter(f -> f.path("type").asText().equals("node_update")
                            && f.path("status").asText().equals("error"))
                    .findFirst()
                    .orElseThrow();
            assertThat(nodeError.path("node_id").asText()).isEqualTo("fail");
            assertThat(nodeError.path("error").asText()).isEqualTo(MESSAGE);
            assertThat(frames).noneMatch(f -> f.path("type").asText().equals("error"));
            JsonNode failed = frames.get(frames.size() - 1);
            assertThat(failed.path("status").asText()).isEqualTo("failed");
            assertThat(failed.path("error").asText()).isEqualTo("Node \"fail\" failed: " + MESSAGE);
            assertThat(frames.indexOf(nodeError)).isLessThan(frames.indexOf(failed));
        }
    }

    @Test
    void currentWithAnOlderKernelEndsCompletedDespiteTheNodeError() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .nodeErrorsFailJob(false)
                .start()) {
            List<JsonNode> frames = runFail(server, true);
            assertThat(frames)
                    .anyMatch(f -> f.path("type").asText().equals("node_update")
                            && f.path("status").asText().equals("error"));
            assertThat(frames).noneMatch(f -> f.path("type").asText().equals("error"));
            assertThat(frames).noneMatch(WsClient.jobUpdate("failed"));
            JsonNode last = frames.get(frames.size() - 1);
            assertThat(last.path("status").asText()).isEqualTo("completed");
            assertThat(last.has("error")).isFalse();
        }
    }

    @Test
    void legacyKeepsItsErrorFrameBeforeTheFailedUpdate() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            List<JsonNode> frames = runFail(server, false);
            List<String> tail = frames.subList(frames.size() - 3, frames.size()).stream()
                    .map(f -> f.path("type").asText() + ":"
                            + f.path("status").asText(f.path("error").asText()))
                    .toList();
            assertThat(tail).containsExactly("node_update:error", "error:" + MESSAGE, "job_update:failed");
            JsonNode failed = frames.get(frames.size() - 1);
            assertThat(failed.path("error").asText()).isEqualTo(MESSAGE);
        }
    }
}
