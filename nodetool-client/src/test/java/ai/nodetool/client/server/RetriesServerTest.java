package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.clientFor;
import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.RateLimitException;
import ai.nodetool.client.workflows.Graph;
import ai.nodetool.client.workflows.WorkflowRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Retries as the server sees them: idempotent calls are retried on 5xx/429 up to maxRetries,
 * {@code Retry-After} is the delay, POSTs (runs, creates) are sent exactly once.
 */
class RetriesServerTest {
    private static final String GREETING = "/api/workflows/greeting";

    @BothGenerations
    void getIsRetriedOn503UntilItSucceeds(NodeToolTestServer server) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).maxRetries(3).build()) {
            server.faults().failNext("GET", GREETING, 2, 503);

            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).name()).isEqualTo("Greeting");

            assertThat(received(server, "GET", GREETING))
                    .as("2 failures + 1 success")
                    .hasSize(3);
            assertThat(sleeper.delays)
                    .as("backoff without Retry-After")
                    .hasSize(2)
                    .allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(8)));
        }
    }

    @BothGenerations
    void retryAfterIsTheDelay(NodeToolTestServer server) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).maxRetries(2).build()) {
            server.faults().failNext("GET", GREETING, 1, 503, Duration.ofSeconds(3));
            server.faults().failNext("GET", GREETING, 1, 429, Duration.ofSeconds(1));

            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");

            assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1));
            assertThat(received(server, "GET", GREETING)).hasSize(3);
        }
    }

    @BothGenerations
    void putAndDeleteAreRetriedToo(NodeToolTestServer server) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).build()) {
            server.faults().failNext("PUT", "/api/workflows/mine", 1, 502);
            server.faults().failNext("DELETE", "/api/workflows/mine", 1, 503);

            client.workflows()
                    .update(
                            "mine",
                            WorkflowRequest.builder()
                                    .name("Mine")
                                    .graph(Graph.of(List.of(), List.of()))
                                    .build());
            client.workflows().delete("mine");

            assertThat(received(server, "PUT", "/api/workflows/mine")).hasSize(2);
            assertThat(received(server, "DELETE", "/api/workflows/mine")).hasSize(2);
            assertThat(sleeper.delays).hasSize(2);
        }
    }

    @BothGenerations
    void maxRetriesCapsTheAttemptsAndTheLastErrorIsThrown(NodeToolTestServer server) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).maxRetries(2).build()) {
            server.faults().failNext("GET", GREETING, 5, 503);

            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isInstanceOfSatisfying(InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.errorMessage()).isEqualTo("Injected fault: HTTP 503");
                    });
            assertThat(received(server, "GET", GREETING))
                    .as("1 attempt + maxRetries")
                    .hasSize(3);
            assertThat(sleeper.delays).hasSize(2);
        }
    }

    @BothGenerations
    void aRetryAfterBeyondTheLimitIsNotWaitedFor(NodeToolTestServer server) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).maxRetries(2).build()) {
            server.faults().failNext("GET", GREETING, 1, 429, Duration.ofSeconds(120));

            assertThatThrownBy(() -> client.workflows().get(DemoWorkflowIds.GREETING))
                    .isInstanceOfSatisfying(
                            RateLimitException.class,
                            e -> assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(120)));
            assertThat(received(server, "GET", GREETING)).hasSize(1);
            assertThat(sleeper.delays).isEmpty();
        }
    }

    @BothGenerations
    void runsAndCreatesAreNeverRetried(NodeToolTestServer server, Generation generation) {
        TestServers.RecordingSleeper sleeper = new TestServers.RecordingSleeper();
        try (NodeToolClient client = clientFor(server, sleeper).maxRetries(5).build()) {
            server.faults().failNext("POST", "/api/workflows/greeting/run", 3, 503, Duration.ofSeconds(1));
            server.faults().failNext("POST", TestServers.listPath(generation), 3, 503);

            assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.GREETING, Map.of()))
                    .isInstanceOfSatisfying(
                            InternalServerException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(503));
            assertThatThrownBy(() -> client.workflows()
                            .runAsync(DemoWorkflowIds.GREETING, Map.of())
                            .join())
                    .cause()
                    .isInstanceOfSatisfying(
                            InternalServerException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(503));
            assertThatThrownBy(() -> client.workflows()
                            .create(WorkflowRequest.builder()
                                    .name("x")
                                    .graph(Graph.of(List.of(), List.of()))
                                    .build()))
                    .isInstanceOf(InternalServerException.class);

            assertThat(received(server, "POST", "/api/workflows/greeting/run"))
                    .as("one request per run")
                    .hasSize(2);
            assertThat(received(server, "POST", TestServers.listPath(generation)))
                    .hasSize(1);
            assertThat(sleeper.delays).isEmpty();
        }
    }
}
