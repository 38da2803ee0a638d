package ai.nodetool.client.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.RawResponse;
import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowPage;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code withRawResponse()}: the parsed value next to the status, headers and request id of the one
 * response it was parsed from. A current server stamps {@code X-Request-Id} on every response
 * (protocol-notes §2.2), echoing the request's own; a legacy server sends none.
 */
@ExtendWith(NodeToolClients.class)
class RawResponseServerTest {

    private static long count(NodeToolTestServer server, String method, String path) {
        return server.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    @BothGenerations
    void getGivesTheWorkflowWithStatusHeadersAndRequestIdFromOneRequest(
            NodeToolTestServer server, NodeToolClient client, Generation generation) {
        RawResponse<Workflow> raw = client.workflows()
                .withOptions(RequestOptions.builder()
                        .header("X-Request-Id", "req-42")
                        .build())
                .withRawResponse()
                .get(DemoWorkflowIds.GREETING);

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.value().id()).isEqualTo(DemoWorkflowIds.GREETING);
        assertThat(raw.header("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(raw.headers()).containsKey("Content-Type");
        if (generation == Generation.CURRENT) {
            assertThat(raw.requestId()).contains("req-42");
        } else {
            assertThat(raw.requestId()).as("legacy servers send no request id").isEmpty();
        }
        assertThat(count(server, "GET", "/api/workflows/greeting"))
                .as("no second request")
                .isEqualTo(1);
    }

    @BothGenerations
    void theServersOwnRequestIdWhenTheRequestHasNone(NodeToolClient client, Generation generation) {
        RawResponse<WorkflowPage> raw = client.workflows().withRawResponse().list();

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.value().workflows()).isNotEmpty();
        assertThat(raw.requestId().isPresent()).isEqualTo(generation == Generation.CURRENT);
    }

    @BothGenerations
    void aBlockingRunGivesItsOutputsWithTheResponse(NodeToolTestServer server, NodeToolClient client) {
        RawResponse<RunResult> raw =
                client.workflows().withRawResponse().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.value().output("greeting")).isEqualTo("Hello, Ada!");
        assertThat(count(server, "POST", "/api/workflows/greeting/run")).isEqualTo(1);
    }

    @BothGenerations
    void createAndDeleteGiveTheirStatus(NodeToolClient client, Generation generation) {
        RawResponse<Workflow> created = client.workflows()
                .withRawResponse()
                .create(WorkflowRequest.builder()
                        .name("Raw")
                        .graph(Graph.of(List.of(), List.of()))
                        .build());
        assertThat(created.statusCode()).isBetween(200, 201);
        assertThat(created.value().name()).isEqualTo("Raw");

        RawResponse<Void> deleted =
                client.workflows().withRawResponse().delete(created.value().id());

        assertThat(deleted.value()).isNull();
        assertThat(deleted.statusCode())
                .as("Gen A answers 200 null, Gen C 204 (protocol-notes §4.3)")
                .isEqualTo(generation == Generation.CURRENT ? 204 : 200);
    }

    @BothGenerations
    void aFailedCallThrowsAsThePlainCallDoes(NodeToolClient client) {
        assertThatThrownBy(() -> client.workflows().withRawResponse().get("no-such-workflow"))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
}
