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
 * Issue 15, large media over SSE: the legacy test server's Worker API stream of the large-binary workload
 * sends a 50 MiB output as a base64 {@code data:} URI in one event (about 70 MB), three times (the {@code
 * output_update}, the terminal {@code job_update}, the {@code complete} event; protocol-notes §5.4), and a
 * client JVM of 128 MiB heap streams it three rounds in a row, byte for byte, with {@code maxLineBytes}
 * raised to the event's size. The event is never gathered: its data line is read in pieces as it arrives and
 * the data URI decoded as read into the message's asset, and the run's tracker keeps no more than two of the
 * three copies. The server runs in this JVM; only the client is in the forked one.
 */
class LargeMediaSseServerTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void fiftyMebibytesInAnSseEventFitInAHundredTwentyEightMebibyteHeap() throws Exception {
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
                LargeMediaSseMain.class,
                args);
        System.out.println(output);
        return output;
    }
}
