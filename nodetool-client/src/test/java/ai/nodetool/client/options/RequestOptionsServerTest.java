package ai.nodetool.client.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.RequestOptions;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.ListWorkflowsParams;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.client.workflows.WorkflowsService;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.BothGenerations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-call options through the public API, as the test server sees them: the deadline fires, extra
 * headers arrive (and stay with the view), the token override is what the server checks, the retry
 * limit is the number of attempts, and every HTTP service takes the options.
 */
@ExtendWith(NodeToolClients.class)
class RequestOptionsServerTest {
    private static final String GREETING_PATH = "/api/workflows/greeting";

    private static List<RecordedRequest> received(NodeToolTestServer server, String method, String path) {
        return server.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    private static RecordedRequest last(NodeToolTestServer server) {
        List<RecordedRequest> all = server.requests();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    @BothGenerations
    void theTimeoutEndsABlockingRunThatTakesLonger(NodeToolClient client) {
        WorkflowsService quick = client.workflows()
                .withOptions(
                        RequestOptions.builder().timeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        assertThatThrownBy(() -> quick.run(DemoWorkflowIds.SLOW, Map.of("steps", 40, "delay_ms", 100)))
                .isInstanceOfSatisfying(
                        NodeToolTimeoutException.class,
                        e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.CALL));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("ended by the deadline, not by the 4 s run")
                .isLessThan(Duration.ofSeconds(3));
        // The client itself keeps its own (long) timeouts.
        assertThat(client.workflows()
                        .run(DemoWorkflowIds.SLOW, Map.of("steps", 2, "delay_ms", 200))
                        .output("result"))
                .isNotNull();
    }

    @BothGenerations
    void aTimeoutLongEnoughLetsTheCallSucceed(NodeToolClient client) {
        Workflow w = client.workflows()
                .withOptions(
                        RequestOptions.builder().timeout(Duration.ofSeconds(20)).build())
                .get(DemoWorkflowIds.GREETING);
        assertThat(w.id()).isEqualTo(DemoWorkflowIds.GREETING);
    }

    @BothGenerations
    void extraHeadersArriveAndReplaceTheClientsOfTheSameName(NodeToolTestServer server) {
        try (NodeToolClient client = NodeToolClients.builderFor(server.baseUrl())
                .header("X-Team", "client")
                .build()) {
            WorkflowsService acme = client.workflows()
                    .withOptions(RequestOptions.builder()
                            .header("X-Tenant", "acme")
                            .header("x-team", "call")
                            .build());

            acme.get(DemoWorkflowIds.GREETING);
            RecordedRequest withOptions = last(server);
            assertThat(withOptions.header("X-Tenant")).isEqualTo("acme");
            assertThat(withOptions.header("X-Team")).isEqualTo("call");

            client.workflows().get(DemoWorkflowIds.GREETING);
            RecordedRequest plain = last(server);
            assertThat(plain.header("X-Tenant"))
                    .as("the view's header stays with the view")
                    .isNull();
            assertThat(plain.header("X-Team")).isEqualTo("client");

            acme.stream(DemoWorkflowIds.GREETING, Map.of("name", "Ada")).await();
            assertThat(last(server).header("X-Tenant"))
                    .as("streamed runs carry it too")
                    .isEqualTo("acme");
        }
    }

    @BothGenerations
    void viewsOfViewsMergeTheLaterOptionsWin(NodeToolTestServer server, NodeToolClient client) {
        WorkflowsService a = client.workflows()
                .withOptions(RequestOptions.builder()
                        .header("X-A", "1")
                        .header("X-B", "1")
                        .build());
        WorkflowsService ab =
                a.withOptions(RequestOptions.builder().header("X-B", "2").build());

        ab.get(DemoWorkflowIds.GREETING);

        assertThat(last(server).header("X-A")).isEqualTo("1");
        assertThat(last(server).header("X-B")).isEqualTo("2");
        assertThat(client.workflows().withOptions(RequestOptions.none()))
                .as("empty options give the service itself")
                .isSameAs(client.workflows());
    }

    @BothGenerations(token = "server-token")
    void theTokenOverrideIsWhatTheServerChecks(NodeToolTestServer server) {
        try (NodeToolClient client = NodeToolClients.builderFor(server.baseUrl())
                .apiToken("stale-token")
                .build()) {
            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isInstanceOf(AuthenticationException.class);

            Workflow w = client.workflows()
                    .withOptions(
                            RequestOptions.builder().apiToken("server-token").build())
                    .get(DemoWorkflowIds.GREETING);

            assertThat(w.id()).isEqualTo(DemoWorkflowIds.GREETING);
            assertThat(last(server).header("Authorization")).isEqualTo("Bearer server-token");

            assertThatThrownBy(() -> client.workflows()
                            .withOptions(RequestOptions.builder().apiToken("").build())
                            .get(DemoWorkflowIds.GREETING))
                    .isInstanceOf(AuthenticationException.class);
            assertThat(last(server).header("Authorization"))
                    .as("a blank override sends no token")
                    .isNull();
        }
    }

    @BothGenerations
    void theRetryLimitIsTheNumberOfAttempts(NodeToolTestServer server, NodeToolClient client) {
        server.faults().failNext("GET", GREETING_PATH, 3, 503);
        assertThatThrownBy(() -> client.workflows()
                        .withOptions(RequestOptions.builder().maxRetries(0).build())
                        .get(DemoWorkflowIds.GREETING))
                .isInstanceOfSatisfying(
                        NodeToolHttpException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(received(server, "GET", GREETING_PATH))
                .as("one attempt only")
                .hasSize(1);

        server.clearRecordings();
        // Two failures left: the client's default (2 retries) would give up; 3 retries succeed.
        Workflow w = client.workflows()
                .withOptions(RequestOptions.builder().maxRetries(3).build())
                .get(DemoWorkflowIds.GREETING);
        assertThat(w.id()).isEqualTo(DemoWorkflowIds.GREETING);
        assertThat(received(server, "GET", GREETING_PATH)).hasSize(3);
    }

    @BothGenerations
    void listAllThroughAViewCarriesTheOptionsOnEveryPage(NodeToolTestServer server, NodeToolClient client) {
        for (int i = 0; i < 5; i++) {
            client.workflows()
                    .create(ai.nodetool.client.workflows.WorkflowRequest.builder()
                            .name("wf-" + i)
                            .graph(ai.nodetool.client.workflows.Graph.of(List.of(), List.of()))
                            .build());
        }
        server.clearRecordings();
        WorkflowsService tagged = client.workflows()
                .withOptions(RequestOptions.builder().header("X-Tenant", "acme").build());

        List<Workflow> all = tagged
                .listAll(ListWorkflowsParams.builder().limit(2).build())
                .stream()
                .toList();

        assertThat(all.size()).isGreaterThanOrEqualTo(5);
        List<RecordedRequest> pages =
                server.requests().stream().filter(r -> r.method().equals("GET")).toList();
        assertThat(pages).hasSizeGreaterThanOrEqualTo(3);
        assertThat(pages).allSatisfy(r -> assertThat(r.header("X-Tenant")).isEqualTo("acme"));
    }

    @BothGenerations
    void everyHttpServiceTakesTheOptions(NodeToolTestServer server, NodeToolClient client, Generation generation)
            throws Exception {
        RequestOptions tagged =
                RequestOptions.builder().header("X-Tenant", "acme").build();
        if (generation == Generation.LEGACY) {
            client.worker().withOptions(tagged).list();
            assertThat(last(server).header("X-Tenant")).isEqualTo("acme");
            // The test server has no /api/jobs; the request still shows what was sent.
            assertThatThrownBy(() -> client.jobs().withOptions(tagged).list())
                    .isInstanceOf(ai.nodetool.client.errors.UnsupportedByServerException.class);
            assertThat(last(server).path()).isEqualTo("/api/jobs");
            assertThat(last(server).header("X-Tenant")).isEqualTo("acme");
        } else {
            client.discovery().withOptions(tagged).workflowSummaries();
            assertThat(last(server).path()).startsWith("/api/sdk/v1/");
            assertThat(last(server).header("X-Tenant")).isEqualTo("acme");
            // Uploads: the current generation's /api/assets (the legacy test server has none).
            java.nio.file.Path file = java.nio.file.Files.createTempFile("options", ".txt");
            try {
                java.nio.file.Files.writeString(file, "hello");
                client.assets().withOptions(tagged).upload(file);
                assertThat(last(server).method()).isEqualTo("POST");
                assertThat(last(server).header("X-Tenant")).isEqualTo("acme");
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }
}
