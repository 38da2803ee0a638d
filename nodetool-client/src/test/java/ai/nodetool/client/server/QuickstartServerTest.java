package ai.nodetool.client.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.workflows.Workflow;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Quickstart of {@code docs/getting-started.md} compiles and runs: {@link #quickstart()} is that
 * snippet with a real workflow id, and {@link #theDocumentedSnippetIsTheTestedOne()} fails when the
 * documentation drifts from it.
 */
class QuickstartServerTest {
    private static final String WORKFLOW_ID = "echo";

    /** The documented snippet, verbatim but for the workflow id. Keep in sync with getting-started.md. */
    private static void quickstart() {
        try (NodeToolClient client = NodeToolClient.fromEnv()) {
            for (Workflow w : client.workflows().listAll()) { // follows pages lazily
                System.out.println(w.id() + "  " + w.name());
            }
            RunResult result = client.workflows().run("echo", Map.of("text", "hello"));
            System.out.println(result.output("result")); // last value of output "result"
        }
    }

    @BothGenerations
    void quickstartRunsAgainstTheServer(NodeToolTestServer server) {
        server.registerWorkflow(TestServers.echoWorkflow(WORKFLOW_ID, "Echo"));
        String previousUrl = System.getProperty("nodetool.api.url");
        PrintStream previousOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("nodetool.api.url", server.baseUrl());
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

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .containsExactly(
                        "greeting  Greeting",
                        "sum  Sum",
                        "image  Image Pattern",
                        "slow  Slow Steps",
                        "text-stream  Text Stream",
                        "fail  Always Fails",
                        "image-invert  Invert Image",
                        "audio-duration  Audio Length",
                        "echo  Echo",
                        "hello");
        assertThat(server.requests())
                .extracting(r -> r.method() + " " + r.path())
                .contains("POST /api/workflows/echo/run");
    }

    @Test
    void theDocumentedSnippetIsTheTestedOne() throws IOException {
        Path doc = Path.of("..", "docs", "getting-started.md");
        Assumptions.assumeTrue(
                Files.isRegularFile(doc),
                "docs/getting-started.md not found from " + Path.of("").toAbsolutePath());
        List<String> documented = codeLines(snippetAfter(Files.readString(doc), "## Quickstart"));
        Path self = Path.of("src", "test", "java", "ai", "nodetool", "client", "server", "QuickstartServerTest.java");
        String source = Files.readString(self);
        String body = source.substring(source.indexOf("private static void quickstart() {"));
        body = body.substring(body.indexOf('\n') + 1);
        // The doc's import lines are this file's imports; the statements must match line for line.
        List<String> statements =
                documented.stream().filter(l -> !l.startsWith("import ")).toList();
        List<String> tested = codeLines(body).stream()
                .limit(statements.size() + 1L)
                .map(l -> l.replace("\"" + WORKFLOW_ID + "\"", "\"<workflow id>\""))
                .toList();

        assertThat(tested.subList(0, statements.size())).containsExactlyElementsOf(statements);
        assertThat(tested.get(statements.size()))
                .as("quickstart() ends right after the snippet")
                .isEqualTo("}");
        for (String imported :
                documented.stream().filter(l -> l.startsWith("import ")).toList()) {
            assertThat(source).contains(imported);
        }
    }

    private static String snippetAfter(String markdown, String heading) {
        int at = markdown.indexOf(heading);
        assertThat(at).as(heading + " in getting-started.md").isNotNegative();
        int start = markdown.indexOf("```java", at);
        int end = markdown.indexOf("```", start + 7);
        return markdown.substring(start + 7, end);
    }

    /** Non-blank lines, trimmed, with runs of spaces collapsed (indentation differs). */
    private static List<String> codeLines(String code) {
        return code.lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .map(l -> l.replaceAll("\\s+", " "))
                .toList();
    }
}
