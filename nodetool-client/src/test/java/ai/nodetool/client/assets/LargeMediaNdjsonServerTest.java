package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.nio.file.Path;
import java.util.List;
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
        String output = BoundedMemoryHarness.runForked(
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                170,
                LargeMediaNdjsonMain.class,
                args);
        System.out.println(output);
        return output;
    }
}
