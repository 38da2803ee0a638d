package ai.nodetool.client.server;

import static ai.nodetool.client.server.TestServers.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.OneGeneration;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Worker API (protocol-notes §5.4): present on legacy servers, absent (404) on current ones. */
@ExtendWith(NodeToolClients.class)
class WorkerServerTest {
    @OneGeneration(Generation.LEGACY)
    void legacyWorkerListsAndRunsWorkflows(NodeToolTestServer server, NodeToolClient client) throws Exception {
        assertThat(client.worker().list().workflows())
                .extracting(Workflow::id)
                .contains(DemoWorkflowIds.GREETING, DemoWorkflowIds.SUM, DemoWorkflowIds.FAIL);

        RunResult sum = client.worker().run(DemoWorkflowIds.SUM, Map.of("a", 1, "b", 2));
        assertThat(sum.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(((Number) sum.output("sum")).intValue()).isEqualTo(3);
        // The worker takes the params object itself as the body.
        assertThat(new ObjectMapper()
                        .readTree(received(server, "POST", "/workflows/sum/run")
                                .get(0)
                                .bodyUtf8()))
                .isEqualTo(new ObjectMapper().readTree("{\"a\":1,\"b\":2}"));

        RunResult greeting = client.worker()
                .runAsync(DemoWorkflowIds.GREETING, Map.of("name", "Ada"))
                .get(30, TimeUnit.SECONDS);
        assertThat(greeting.output("greeting")).isEqualTo("Hello, Ada!");

        AssetRef image = client.worker()
                .run(DemoWorkflowIds.IMAGE, Map.of("width", 6, "height", 9))
                .output("image", AssetRef.class);
        assertThat(image.mimeType()).hasValue("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.bytes().orElseThrow()));
        assertThat(png.getWidth()).isEqualTo(6);
        assertThat(png.getHeight()).isEqualTo(9);
    }

    @OneGeneration(Generation.LEGACY)
    void legacyWorkerFailureIsAFailedJob(NodeToolTestServer server, NodeToolClient client) {
        assertThatThrownBy(() -> client.worker().run(DemoWorkflowIds.FAIL, Map.of()))
                .isInstanceOfSatisfying(JobFailedException.class, e -> {
                    assertThat(e.error()).isEqualTo("Something went wrong");
                    assertThat(e.getCause()).isInstanceOf(InternalServerException.class);
                });
        assertThatThrownBy(() ->
                        client.worker().runAsync(DemoWorkflowIds.FAIL, Map.of()).join())
                .cause()
                .isInstanceOf(JobFailedException.class);
        assertThat(received(server, "POST", "/workflows/fail/run"))
                .as("never retried")
                .hasSize(2);
        assertThatThrownBy(() -> client.worker().run("nope", Map.of())).isInstanceOf(NotFoundException.class);
    }

    @OneGeneration(Generation.CURRENT)
    void currentServersHaveNoWorkerRoutes(NodeToolClient client) {
        assertThatThrownBy(() -> client.worker().list()).isInstanceOfSatisfying(NotFoundException.class, e -> {
            assertThat(e.errorMessage()).isEqualTo("Not found");
            assertThat(e.requestId()).isPresent();
        });
        assertThatThrownBy(() -> client.worker().run(DemoWorkflowIds.SUM, Map.of()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() ->
                        client.worker().runAsync(DemoWorkflowIds.SUM, Map.of()).join())
                .cause()
                .isInstanceOf(NotFoundException.class);
    }
}
