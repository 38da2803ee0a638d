package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.clientFor;
import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.NodeToolHttpException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.RateLimitException;
import ai.nodetool.client.errors.UnexpectedStatusException;
import ai.nodetool.client.errors.UnprocessableEntityException;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import ai.nodetool.testserver.junit.OneGeneration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP error class, produced by the test server's injected faults and by its real error
 * answers, with the parsed server message (protocol-notes §2.3).
 */
@ExtendWith(NodeToolClients.class)
class ErrorsServerTest {
    private static final Map<Integer, Class<? extends NodeToolHttpException>> CLASS_BY_STATUS = Map.of(
            400,
            BadRequestException.class,
            401,
            AuthenticationException.class,
            403,
            PermissionDeniedException.class,
            404,
            NotFoundException.class,
            409,
            ConflictException.class,
            422,
            UnprocessableEntityException.class,
            429,
            RateLimitException.class,
            500,
            InternalServerException.class,
            503,
            InternalServerException.class,
            418,
            UnexpectedStatusException.class);

    static Stream<Arguments> generationAndStatus() {
        List<Arguments> all = new ArrayList<>();
        for (Generation g : Generation.values()) {
            for (int status : List.of(400, 401, 403, 404, 409, 422, 429, 500, 503, 418)) {
                all.add(Arguments.of(g, status));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("generationAndStatus")
    void injectedStatusBecomesItsTypedExceptionWithTheParsedMessage(Generation generation, int status) {
        try (NodeToolTestServer server = TestServers.start(generation);
                NodeToolClient client = clientFor(server, new TestServers.RecordingSleeper())
                        .maxRetries(0)
                        .build()) {
            server.faults().failNext("GET", "/api/workflows/greeting", 1, status, Duration.ofSeconds(7));

            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isExactlyInstanceOf(CLASS_BY_STATUS.get(status))
                    .isInstanceOfSatisfying(NodeToolHttpException.class, e -> {
                        String expected = status == 401 && generation == Generation.CURRENT
                                ? "Unauthorized" // Gen C's 401 body is {"error": "Unauthorized"}
                                : "Injected fault: HTTP " + status;
                        assertThat(e.statusCode()).isEqualTo(status);
                        assertThat(e.errorMessage()).isEqualTo(expected);
                        assertThat(e)
                                .hasMessageStartingWith("HTTP " + status)
                                .hasMessageContaining(
                                        "GET http://127.0.0.1:" + server.port() + "/api/workflows/greeting")
                                .hasMessageContaining(expected);
                        assertThat(e.rawBody()).contains(expected);
                        assertThat(e.header("retry-after")).hasValue("7");
                        assertThat(e.requestId().isPresent())
                                .as("X-Request-Id only from Gen C")
                                .isEqualTo(generation == Generation.CURRENT);
                        if (e instanceof RateLimitException) {
                            assertThat(((RateLimitException) e).retryAfter()).hasValue(Duration.ofSeconds(7));
                        }
                    });
            // The fault was consumed by that one request: the next one succeeds.
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");
        }
    }

    @OneGeneration(Generation.CURRENT)
    void currentCapturesTheRequestIdTheClientSent(NodeToolTestServer server) {
        try (NodeToolClient client = clientFor(server, new TestServers.RecordingSleeper())
                .header("X-Request-Id", "trace-42")
                .build()) {
            assertThatThrownBy(() -> client.workflows().get("nope"))
                    .isInstanceOfSatisfying(NotFoundException.class, e -> {
                        assertThat(e.requestId()).hasValue("trace-42");
                        assertThat(e).hasMessageContaining("(request id trace-42)");
                        assertThat(e.errorMessage()).isEqualTo("Workflow not found");
                    });
            assertThat(received(server, "GET", "/api/workflows/nope").get(0).header("x-request-id"))
                    .isEqualTo("trace-42");
        }
    }

    @BothGenerations
    void realNotFoundFromEveryKindOfRoute(NodeToolClient client) {
        assertThatThrownBy(() -> client.workflows().get("nope"))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
        assertThatThrownBy(() -> client.workflows().run("nope", Map.of()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
        assertThatThrownBy(() -> client.workflows().runAsync("nope", Map.of()).join())
                .cause()
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        e -> assertThat(e.errorMessage()).isEqualTo("Workflow not found"));
    }

    @BothGenerations
    void createWithoutAGraphIsABadRequest(NodeToolClient client, Generation generation) {
        assertThatThrownBy(() -> client.workflows()
                        .create(WorkflowRequest.builder().name("x").build()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.errorMessage())
                                .isEqualTo(
                                        generation == Generation.LEGACY
                                                ? "Invalid workflow"
                                                : "graph is required and must have nodes and edges arrays"));
    }

    @OneGeneration(Generation.CURRENT)
    void currentRefusesToRunAChatWorkflow(NodeToolTestServer server, NodeToolClient client) {
        server.registerWorkflow(
                "{\"id\":\"chat\",\"name\":\"Chat\",\"run_mode\":\"chat\",\"graph\":{\"nodes\":[],\"edges\":[]}}");

        assertThatThrownBy(() -> client.workflows().run("chat", Map.of()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.errorMessage())
                                .isEqualTo("Workflow run mode \"chat\" is not supported by the standalone backend"));
    }

    @OneGeneration(Generation.LEGACY)
    void legacyUnknownNodeTypeFailsTheRun(NodeToolTestServer server, NodeToolClient client) {
        // Gen A reports any run that threw as 500 {"detail"}: a failed job, like the "fail" demo.
        server.registerWorkflow("{\"id\":\"broken\",\"name\":\"Broken\",\"graph\":{\"nodes\":["
                + "{\"id\":\"x\",\"type\":\"nodetool.nope.Missing\"}],\"edges\":[]}}");

        assertThatThrownBy(() -> client.workflows().run("broken", Map.of()))
                .isInstanceOfSatisfying(
                        ai.nodetool.client.errors.JobFailedException.class,
                        e -> assertThat(e.error()).startsWith("Unknown node type: nodetool.nope.Missing"));
    }

    @OneGeneration(Generation.CURRENT)
    void currentUnknownNodeTypeIsABadRequest(NodeToolTestServer server, NodeToolClient client) {
        server.registerWorkflow("{\"id\":\"broken\",\"name\":\"Broken\",\"graph\":{\"nodes\":["
                + "{\"id\":\"x\",\"type\":\"nodetool.nope.Missing\"}],\"edges\":[]}}");

        assertThatThrownBy(() -> client.workflows().run("broken", Map.of()))
                .isInstanceOfSatisfying(
                        BadRequestException.class,
                        e -> assertThat(e.errorMessage()).startsWith("Unknown node type"));
    }

    @BothGenerations
    void anInjected500OnARunWithTheGenerationsBodyIsAFailedJob(NodeToolTestServer server, NodeToolClient client) {
        server.faults().failNext("POST", "/api/workflows/greeting/run", 1, 500);

        assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.GREETING, Map.of()))
                .isInstanceOfSatisfying(ai.nodetool.client.errors.JobFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("Injected fault: HTTP 500");
                    assertThat(e.getCause()).isInstanceOf(InternalServerException.class);
                });
    }

    @BothGenerations
    void updateWithAGraphlessBodyKeepsTheClientUsable(NodeToolClient client) {
        assertThatThrownBy(() -> client.workflows()
                        .update("x", WorkflowRequest.builder().name("x").build()))
                .isInstanceOf(BadRequestException.class);
        assertThat(client.workflows()
                        .update(
                                "x",
                                WorkflowRequest.builder()
                                        .name("x")
                                        .graph(Graph.of(List.of(), List.of()))
                                        .build())
                        .id())
                .isEqualTo("x");
    }
}
