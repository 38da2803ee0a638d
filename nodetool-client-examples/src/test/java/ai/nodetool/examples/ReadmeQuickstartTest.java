package ai.nodetool.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.RunJobRequest;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's Quickstart compiles and runs against the test server in both generations, and the
 * README shows exactly the code of {@link #quickstart()}.
 */
@ResourceLock("System.out")
class ReadmeQuickstartTest {

    // spotless:off  the README shows this block verbatim, aligned comments included
    // BEGIN README QUICKSTART (the lines between the markers are what the README shows)
    @SuppressWarnings("unused")
    private static void quickstart() {
        try (NodeToolClient client = NodeToolClient.fromEnv()) {         // NODETOOL_API_URL, NODETOOL_API_TOKEN
            for (Workflow w : client.workflows().listAll()) {             // follows pages lazily
                System.out.println(w.id() + "  " + w.name());
            }
            RunResult blocking = client.workflows().run("greeting", Map.of("name", "Ada"));
            System.out.println(blocking.outputs());

            RunResult streamed = client.workflows().stream("slow", Map.of("steps", 3))
                    .onProgress(p -> System.out.println("progress " + p.progress() + "/" + p.total()))
                    .await();                                             // or subscribe: it is a Flow.Publisher

            try (JobSession session = client.connect()) {                 // MessagePack WebSocket
                JobHandle job = session.runJob(RunJobRequest.builder().workflowId("sum").params(Map.of("a", 1, "b", 2)).build());
                System.out.println(job.result().join().outputs());
            }
        }
    }
    // END README QUICKSTART
    // spotless:on

    @ParameterizedTest
    @EnumSource(Generation.class)
    void quickstartRunsAgainstTheTestServer(Generation generation) {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(generation).start()) {
            String output = runWithBaseUrl(server.baseUrl());
            assertThat(output)
                    .contains("greeting  Greeting")
                    .contains("Hello, Ada!")
                    .contains("=[3]}");
            if (generation == Generation.LEGACY) {
                // Only the legacy server streams NDJSON, so only there progress arrives.
                assertThat(output).contains("progress 1.0/3.0").contains("progress 3.0/3.0");
            }
        }
    }

    @Test
    void theReadmeShowsTheTestedCode() throws IOException {
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.exists(readme), "README.md not found next to the module");
        Matcher block = Pattern.compile("## Quickstart\\s+```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(readme));
        assertThat(block.find()).as("README has a Quickstart java block").isTrue();

        String source = Files.readString(Path.of("src/test/java/ai/nodetool/examples/ReadmeQuickstartTest.java"));
        String tested =
                source.substring(source.indexOf("private static void quickstart() {"), source.indexOf("// END README"));
        tested = tested.substring(tested.indexOf('\n') + 1, tested.lastIndexOf('}'));
        assertThat(normalise(block.group(1))).isEqualTo(normalise(tested));
    }

    private static String normalise(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }

    private static String runWithBaseUrl(String baseUrl) {
        String previousUrl = System.getProperty("nodetool.api.url");
        PrintStream previousOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("nodetool.api.url", baseUrl);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            quickstart();
        } finally {
            System.setOut(previousOut);
            if (previousUrl == null) {
                System.clearProperty("nodetool.api.url");
            } else {
                System.setProperty("nodetool.api.url", previousUrl);
            }
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
