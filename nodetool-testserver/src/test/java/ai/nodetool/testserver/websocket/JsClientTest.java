package ai.nodetool.testserver.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;

/**
 * A non-Java client: {@code src/test/js/client.mjs} ({@code ws} + {@code @msgpack/msgpack}, as NodeTool's
 * browser clients use) runs a demo workflow against an in-process server. Skipped when node or npm is
 * missing or the npm install fails (no registry access).
 */
class JsClientTest {
    private static final Path JS_SOURCE = Path.of("src/test/js");
    private static final Path JS_DIR = Path.of("target/js");

    /** Output and exit code of a finished process. */
    private record Result(int exit, String output) {}

    private static Result run(Path dir, long timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        // Drained on another thread so a chatty process cannot block on a full pipe.
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(
                () -> {
                    try {
                        output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                        // the process died; its exit code tells
                    }
                },
                "js-client-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, "timed out");
        }
        reader.join(5000);
        return new Result(process.exitValue(), output.toString());
    }

    private static boolean available(String tool) {
        try {
            return run(Path.of("."), 30, tool, "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @BeforeAll
    static void installDependencies() throws Exception {
        assumeTrue(available("node"), "node is not installed");
        assumeTrue(available("npm"), "npm is not installed");
        Files.createDirectories(JS_DIR);
        for (String file : List.of("client.mjs", "package.json")) {
            Files.copy(JS_SOURCE.resolve(file), JS_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Result install = run(JS_DIR, 300, "npm", "install", "--no-audit", "--no-fund");
        assumeTrue(install.exit() == 0, "npm install failed (no registry access?): " + install.output());
    }

    @BothGenerations
    void javascriptClientRunsADemoWorkflow(NodeToolTestServer server, Generation generation) throws Exception {
        Result result = run(JS_DIR, 60, "node", "client.mjs", server.webSocketUrl(), "greeting", "{\"name\":\"JS\"}");
        assertThat(result.exit()).as(result.output()).isZero();
        // protocol-notes §8.5: without require_terminal_result Gen C keys the result by the node class title.
        String key = generation == Generation.LEGACY ? "greeting" : "Output";
        assertThat(result.output()).contains("\"result\":{\"" + key + "\":[\"Hello, JS!\"]}");
        assertThat(server.commands()).extracting(c -> c.command()).containsExactly("run_job");
        assertThat(server.commands().get(0).binary()).isTrue();
    }
}
