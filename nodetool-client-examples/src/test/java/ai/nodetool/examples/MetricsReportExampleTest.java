package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The MetricsReport example against the embedded test server: it runs its jobs and prints the meters. */
@ExtendWith(NodeToolTestServerExtension.class)
class MetricsReportExampleTest {

    @Test
    void runsTheJobsAndPrintsTheMeters(NodeToolTestServer server) throws Exception {
        Captured out = new Captured();
        try (NodeToolClient client = ExampleServer.embedded(server).client()) {
            SimpleMeterRegistry registry = new MetricsReport().run(out.stream, client);

            assertThat(registry.get("nodetool.client.runs").timers().stream()
                            .mapToLong(t -> t.count())
                            .sum())
                    .as("2 blocking runs, 1 failed, 1 streamed, 3 WebSocket jobs")
                    .isEqualTo(7);
            assertThat(registry.get("nodetool.client.jobs.active").gauge().value())
                    .isZero();
        }
        assertThat(out.text())
                .contains("greeting: Hello, Ada!", "fail: Something went wrong", "Metrics:")
                .contains("nodetool.client.runs{exception=none,kind=websocket,status=completed} count=3")
                .contains("nodetool.client.runs{exception=JobFailedException,kind=editor_run,status=failed} count=1")
                .contains("nodetool.client.sessions.open value=0")
                .contains("nodetool.client.calls{");
    }
}
