package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Example: testing your own code against the NodeTool test server in JUnit 5. The extension
 * starts one server per class (here playing the current server generation and requiring a token)
 * and injects it; before each test it forgets recorded requests and disarms faults.
 */
@ExtendWith(NodeToolTestServerExtension.class)
@NodeToolTestServerExtension.Config(generation = Generation.CURRENT, token = "test-token")
class TestServerInJUnitExampleTest {
    private static NodeToolClient client;

    @BeforeAll
    static void createClient(NodeToolTestServer server) {
        client = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                .apiToken("test-token")
                .build();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @Test
    void runsADemoWorkflowAndSeesTheRequest(NodeToolTestServer server) {
        RunResult result = client.workflows().run(DemoWorkflowIds.SUM, Map.of("a", 40, "b", 2));

        assertThat(result.output("sum", Integer.class)).isEqualTo(42);
        assertThat(result.jobId()).isNotNull(); // the current generation names the job
        RecordedRequest request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/workflows/sum/run");
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(request.bodyUtf8()).contains("\"params\"");
    }

    @Test
    void aFailingWorkflowThrows() {
        assertThatThrownBy(() -> client.workflows().run(DemoWorkflowIds.FAIL, Map.of()))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("Something went wrong");
    }
}
