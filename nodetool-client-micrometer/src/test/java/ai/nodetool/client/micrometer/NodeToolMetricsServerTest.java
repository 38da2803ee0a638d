package ai.nodetool.client.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link NodeToolMetrics} against the test server, both generations: the meters and Observations that a client's
 * calls, retries, runs and sessions produce, read back from a {@link SimpleMeterRegistry} and a {@link
 * TestObservationRegistry}.
 */
class NodeToolMetricsServerTest {
    private static NodeToolClient.Builder clientFor(NodeToolTestServer server, NodeToolMetrics metrics) {
        return NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .apiToken(null)
                .sleeper(delay -> {})
                .readTimeout(Duration.ofSeconds(30))
                .eventListener(metrics);
    }

    @BothGenerations
    void callsRetriesAndFailuresBecomeMeters(NodeToolTestServer server) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeToolMetrics metrics = NodeToolMetrics.create(registry);
        try (NodeToolClient client = clientFor(server, metrics).build()) {
            server.faults().failNext("GET", "/api/workflows/greeting", 1, 503);
            assertThat(client.workflows().get(DemoWorkflowIds.GREETING).id()).isEqualTo("greeting");
            assertThatThrownBy(() -> client.workflows().get("no-such-workflow")).isInstanceOf(NotFoundException.class);
        }

        Timer ok = registry.find("nodetool.client.calls")
                .tags("method", "GET", "route", "/api/workflows/{id}", "status", "200", "outcome", "SUCCESS")
                .tag("exception", "none")
                .timer();
        assertThat(ok).as("one timed call, its retry included").isNotNull();
        assertThat(ok.count()).isEqualTo(1);
        Counter retries = registry.find("nodetool.client.retries")
                .tags("method", "GET", "route", "/api/workflows/{id}", "reason", "503")
                .counter();
        assertThat(retries).isNotNull();
        assertThat(retries.count()).isEqualTo(1.0);
        Timer notFound = registry.find("nodetool.client.calls")
                .tags("status", "404", "outcome", "CLIENT_ERROR", "exception", "NotFoundException")
                .timer();
        assertThat(notFound).isNotNull();
        assertThat(notFound.count()).isEqualTo(1);
        assertThat(registry.find("nodetool.client.failures")
                        .tags("source", "call", "exception", "NotFoundException")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @BothGenerations
    void runsAreTimedByKindAndStatusWithoutTheWorkflowIdUnlessAskedFor(NodeToolTestServer server) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeToolMetrics metrics = NodeToolMetrics.create(registry);
        try (NodeToolClient client = clientFor(server, metrics).build()) {
            RunResult r = client.workflows().run(DemoWorkflowIds.GREETING, Map.of("name", "Ada"));
            assertThat(r.output("greeting")).isEqualTo("Hello, Ada!");
            assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.FAIL, Map.of()))
                    .isInstanceOf(JobFailedException.class);
        }
        Timer completed = registry.find("nodetool.client.runs")
                .tags("kind", "editor_run", "status", "completed", "exception", "none")
                .timer();
        assertThat(completed).isNotNull();
        assertThat(completed.count()).isEqualTo(1);
        assertThat(completed.getId().getTag("workflow")).isNull();
        Timer failed = registry.find("nodetool.client.runs")
                .tags("kind", "editor_run", "exception", "JobFailedException")
                .timer();
        assertThat(failed).isNotNull();
        assertThat(failed.getId().getTag("status")).isEqualTo("failed");
        assertThat(registry.find("nodetool.client.failures")
                        .tags("source", "run", "exception", "JobFailedException")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(metrics.activeJobs()).isZero();

        SimpleMeterRegistry tagged = new SimpleMeterRegistry();
        try (NodeToolClient client = clientFor(
                        server,
                        NodeToolMetrics.builder(tagged).tagWorkflowId(true).build())
                .build()) {
            client.workflows().run(DemoWorkflowIds.SUM, Map.of("a", 1, "b", 2));
        }
        assertThat(tagged.find("nodetool.client.runs").tag("workflow", "sum").timer())
                .as("workflow tag when opted in")
                .isNotNull();
    }

    @BothGenerations
    void sessionsAndWebSocketJobsMoveTheGaugesAndCountMessages(NodeToolTestServer server, Generation generation)
            throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeToolMetrics metrics = NodeToolMetrics.create(registry);
        try (NodeToolClient client = clientFor(server, metrics).build()) {
            try (JobSession session = client.connect()) {
                assertThat(registry.get("nodetool.client.sessions.open").gauge().value())
                        .isEqualTo(1.0);
                JobHandle job = session.runJob(RunJobRequest.builder()
                        .workflowId(DemoWorkflowIds.SLOW)
                        .params(Map.of("steps", 3, "delay_ms", 200))
                        .build());
                assertThat(registry.get("nodetool.client.jobs.active").gauge().value())
                        .isEqualTo(1.0);
                job.result().get(20, TimeUnit.SECONDS);
                waitFor(() -> metrics.activeJobs() == 0);
            }
            assertThat(registry.get("nodetool.client.sessions.open").gauge().value())
                    .isEqualTo(0.0);
        }
        assertThat(registry.find("nodetool.client.runs")
                        .tags("kind", "websocket", "status", "completed")
                        .timer()
                        .count())
                .as(generation + ": one WebSocket run")
                .isEqualTo(1);
        List<Counter> messages = registry.find("nodetool.client.messages").tag("kind", "websocket").counters().stream()
                .toList();
        assertThat(messages).isNotEmpty();
        assertThat(registry.find("nodetool.client.messages")
                        .tags("kind", "websocket", "type", "node_progress")
                        .counter()
                        .count())
                .isEqualTo(3.0);
    }

    @BothGenerations
    void observationsWrapCallsAndRuns(NodeToolTestServer server) {
        TestObservationRegistry observations = TestObservationRegistry.create();
        NodeToolMetrics metrics = NodeToolMetrics.builder(new SimpleMeterRegistry())
                .observationRegistry(observations)
                .build();
        try (NodeToolClient client = clientFor(server, metrics).build()) {
            client.workflows().run(DemoWorkflowIds.GREETING, Map.of());
            assertThatThrownBy(() -> client.workflows().get("nope")).isInstanceOf(NotFoundException.class);
        }
        assertThat(observations)
                .hasObservationWithNameEqualTo("nodetool.client.run")
                .that()
                .hasBeenStarted()
                .hasBeenStopped()
                .hasLowCardinalityKeyValue("kind", "editor_run")
                .hasLowCardinalityKeyValue("status", "completed")
                .hasHighCardinalityKeyValue("workflow.id", "greeting");
        assertThat(observations)
                .hasAnObservation(o -> o.hasNameEqualTo("nodetool.client.call")
                        .hasLowCardinalityKeyValue("status", "404")
                        .hasLowCardinalityKeyValue("route", "/api/workflows/{id}")
                        .hasLowCardinalityKeyValue("outcome", "CLIENT_ERROR"));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }
}
