package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.DemoWorkflowIds;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.NodeToolTestServerExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example against the embedded test server and checks what it prints or writes. */
@ExtendWith(NodeToolTestServerExtension.class)
class ExamplesSmokeTest {
    private NodeToolClient client;
    private final Captured out = new Captured();

    @BeforeEach
    void connect(NodeToolTestServer server) {
        client = ExampleServer.embedded(server).client();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void listWorkflows() {
        int count = new ListWorkflows().run(out.stream, client);

        assertThat(count).isGreaterThanOrEqualTo(6);
        assertThat(out.text()).contains("  greeting  Greeting", "  image  Image Pattern", count + " workflows.");
    }

    @Test
    void runWorkflow() {
        RunResult result = new RunWorkflow().run(out.stream, client, DemoWorkflowIds.GREETING, Map.of("name", "Ada"));

        assertThat(Show.output(result, "greeting")).isEqualTo("Hello, Ada!");
        assertThat(out.text()).contains(" = \"Hello, Ada!\"");
    }

    @Test
    void streamWithProgressBarPrintsPlainLinesWhenNotInATerminal() {
        ProgressBar bar = new ProgressBar(out.stream, false, "slow");
        RunResult result = new StreamProgress()
                .run(out.stream, bar, client, DemoWorkflowIds.SLOW, Map.of("steps", 4, "delay_ms", 10));

        assertThat(Show.output(result, "result")).isEqualTo(4);
        assertThat(out.text())
                .contains("progress slow: 1/4 (25%)", "progress slow: 4/4 (100%)", " = 4")
                .doesNotContain("\r");
    }

    @Test
    void progressBarRedrawsInPlaceInATerminal() {
        ProgressBar bar = new ProgressBar(out.stream, true, "job");
        bar.update(1, 4);
        bar.update(1, 4);
        bar.update(4, 4);
        bar.finish();

        assertThat(out.text())
                .isEqualTo("\r  job [#######.......................]  25% 1/4"
                        + "\r  job [##############################] 100% 4/4" + System.lineSeparator());
    }

    @Test
    void workerStream() {
        RunResult result = new WorkerStream()
                .run(out.stream, client, DemoWorkflowIds.TEXT_STREAM, Map.of("text", "one two three"));

        assertThat(out.text())
                .contains("(SSE)", "job running", "<- \"one \"", "<- \"two \"", "<- \"three\"", "job completed");
        assertThat(Show.output(result, "text")).isEqualTo("three");
    }

    @Test
    void webSocketJobsRunAtOnce() {
        Map<String, RunResult> results = new WebSocketJobs().run(out.stream, client, WebSocketJobs.demoJobs());

        assertThat(results).hasSize(4);
        assertThat(results.get("sum 1+2").output("sum", Integer.class)).isEqualTo(3);
        assertThat(results.get("sum 20+22").output("sum", Integer.class)).isEqualTo(42);
        assertThat(results.get("sum 500+500").output("sum", Integer.class)).isEqualTo(1000);
        assertThat(results.get("greeting").output("greeting")).isEqualTo("Hello, WebSocket!");
        assertThat(out.text())
                .contains("All 4 jobs are running")
                .containsPattern("sum 20\\+22 \\(job \\S+\\) completed: sum = 42");
    }

    @Test
    void cancelJob() {
        JobCancelledException cancelled =
                new CancelJob().run(out.stream, client, DemoWorkflowIds.SLOW, Map.of("steps", 1000, "delay_ms", 50));

        assertThat(cancelled.jobId()).isNotNull();
        assertThat(out.text()).contains("cancelling it", "The server answered:", "ended: cancelled");
    }

    @Test
    void jobStatus() {
        JobStatus running =
                new JobStatusCheck().run(out.stream, client, DemoWorkflowIds.SLOW, Map.of("steps", 5, "delay_ms", 100));

        assertThat(running).isEqualTo(JobStatus.RUNNING);
        assertThat(out.text())
                .contains(": running", "Active jobs on this connection: 1", "finished: completed, result = 5");
    }

    @Test
    void saveImageWritesAPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Path file =
                new SaveImage().run(out.stream, client, DemoWorkflowIds.IMAGE, 120, 80, dir.resolve("out/image.png"));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(120);
        assertThat(image.getHeight()).isEqualTo(80);
        assertThat(out.text()).contains("Saved the PNG image (" + Files.size(file) + " bytes)");
    }

    @Test
    void reactorStream() {
        List<String> words = new ReactorStream()
                .run(out.stream, client, DemoWorkflowIds.TEXT_STREAM, Map.of("text", "flux of words"));

        assertThat(words).containsExactly("FLUX", "OF", "WORDS");
        assertThat(out.text()).contains("word: FLUX", "Collected 3 words: FLUX OF WORDS");
    }

    @Test
    void demoWalksThroughEveryStep(@TempDir Path dir) throws Exception {
        new Demo().run(out.stream, client, false, dir.resolve("demo.png"));

        String text = out.text();
        for (int step = 1; step <= 6; step++) {
            assertThat(text).contains("== Step " + step + " of 6");
        }
        assertThat(text)
                .contains(
                        " = \"Hello, Java developer!\"",
                        " = 42",
                        "progress slow: 10/10 (100%)",
                        "ended: cancelled",
                        "a 128x96 PNG image",
                        "the uploaded picture with its colours inverted",
                        "Done. Every step worked.");
        assertThat(ImageIO.read(dir.resolve("demo.png").toFile()).getWidth()).isEqualTo(128);
    }

    @Test
    void showDescribesMediaWithoutDumpingBytes() {
        RunResult result = client.workflows().run(DemoWorkflowIds.IMAGE, Map.of("width", 8, "height", 8));

        assertThat(Show.value(Show.output(result, "image")))
                .startsWith("image ")
                .endsWith(" bytes")
                .hasSizeLessThan(80);
    }

    @Test
    void paramsAreTypedAsMeant() {
        Map<String, Object> p = Params.parse(
                "n=3", "big=12345678901", "x=1.5", "flag=true", "s=hello", "q=\"42\"", "none=null", "eq=a=b");

        assertThat(p)
                .containsEntry("n", 3)
                .containsEntry("big", 12345678901L)
                .containsEntry("x", 1.5)
                .containsEntry("flag", true)
                .containsEntry("s", "hello")
                .containsEntry("q", "42")
                .containsEntry("none", null)
                .containsEntry("eq", "a=b");
        assertThat(p.keySet().stream().collect(Collectors.joining(","))).isEqualTo("n,big,x,flag,s,q,none,eq");
    }
}
