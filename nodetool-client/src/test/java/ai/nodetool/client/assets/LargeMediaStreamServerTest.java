package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, large media in a stream: the legacy test server's large-binary workload sends a 50 MiB output as a
 * base64 {@code data:} URI (about 70 MB) on one NDJSON line (protocol-notes §5.3), or in one server-sent event of
 * the Worker API, three times there (the {@code output_update}, the terminal {@code job_update}, the
 * {@code complete} event; protocol-notes §5.4). A client JVM of 128 MiB heap streams it three rounds in a row,
 * byte for byte, with {@code maxLineBytes} raised to the message's size. The message is never held as text: the
 * line, or the event's data line, is read in pieces as it arrives and the data URI decoded as read into the
 * message's asset; over SSE the run's tracker keeps no more than two of the three copies. The server runs in this
 * JVM; only the client is in the forked one.
 */
class LargeMediaStreamServerTest {
    private static final long SIZE = 50L * 1024 * 1024;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ndjson", "sse"})
    void fiftyMebibytesInOneMessageFitInAHundredTwentyEightMebibyteHeap(String transport) throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.LEGACY).start()) {
            server.registerLargeBinary("large", SIZE);
            String output = BoundedMemoryHarness.runForked(
                    List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                    170,
                    LargeMediaStreamMain.class,
                    transport,
                    server.baseUrl(),
                    dir.resolve("out.bin").toString(),
                    Long.toString(SIZE),
                    Integer.toString(ROUNDS));
            System.out.println(output);
            for (int round = 1; round <= ROUNDS; round++) {
                assertThat(output).contains("round " + round + ": " + SIZE + " ok");
            }
        }
    }
}
