package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, large media over NDJSON: the legacy test server's large-binary workload sends a 50 MiB output
 * as a base64 {@code data:} URI on one NDJSON line (about 70 MB; protocol-notes §5.3), and a client JVM of
 * 128 MiB heap streams it three rounds in a row, byte for byte, with {@code maxLineBytes} raised to the
 * line's size. The line is never held as text: it is decoded as read into the message's asset. The server
 * runs in this JVM; only the client is in the forked one.
 */
class LargeMediaNdjsonServerTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void fiftyMebibytesInAnNdjsonLineFitInAHundredTwentyEightMebibyteHeap() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.LEGACY).start()) {
            server.registerLargeBinary("large", SIZE);
            String output = runForked(
                    server.baseUrl(), dir.resolve("out.bin").toString(), Long.toString(SIZE), Integer.toString(ROUNDS));
            for (int round = 1; round <= ROUNDS; round++) {
                assertThat(output).contains("round " + round + ": " + SIZE + " ok");
            }
        }
    }

    private static String runForked(String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                classpath,
                LargeMediaNdjsonMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(170, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("forked JVM finished; output: %s", output).isTrue();
        assertThat(process.exitValue()).as("exit code; output: %s", output).isZero();
        return output;
    }
}
