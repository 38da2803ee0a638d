package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples that apply to the current server generation (no NDJSON streaming or Worker API
 * there), run against it: outputs are keyed by name, media arrive as temporary URLs, the
 * WebSocket endpoint is {@code /ws}.
 */
@ExtendWith(NodeToolTestServerExtension.class)
@NodeToolTestServerExtension.Config(generation = Generation.CURRENT)
class ExamplesOnCurrentServerTest {
    private NodeToolClient client;
    private final Captured out = new Captured();

    @BeforeEach
    void connect(NodeToolTestServer server) {
        client = NodeToolClient.builder().baseUrl(server.baseUrl()).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void listAndRun() {
        assertThat(new ListWorkflows().run(out.stream, client)).isGreaterThanOrEqualTo(6);
        RunResult result = new RunWorkflow().run(out.stream, client, DemoWorkflowIds.GREETING, Map.of("name", "Ada"));

        assertThat(result.output("greeting")).isEqualTo("Hello, Ada!");
        assertThat(out.text()).contains("greeting = \"Hello, Ada!\"");
    }

    @Test
    void saveImage(@TempDir Path dir) throws Exception {
        Path file = new SaveImage().run(out.stream, client, DemoWorkflowIds.IMAGE, 40, 30, dir.resolve("i.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(30);
    }

    @Test
    void webSocketJobsStatusAndCancel() {
        Map<String, RunResult> results = new WebSocketJobs().run(out.stream, client, WebSocketJobs.demoJobs());
        assertThat(results.get("sum 20+22").output("sum", Integer.class)).isEqualTo(42);
        assertThat(out.text()).contains("/ws.");

        JobStatus running =
                new JobStatusCheck().run(out.stream, client, DemoWorkflowIds.SLOW, Map.of("steps", 5, "delay_ms", 100));
        assertThat(running).isEqualTo(JobStatus.RUNNING);

        assertThat(new CancelJob()
                        .run(out.stream, client, DemoWorkflowIds.SLOW, Map.of("steps", 1000, "delay_ms", 50))
                        .jobId())
                .isNotNull();
    }
}
