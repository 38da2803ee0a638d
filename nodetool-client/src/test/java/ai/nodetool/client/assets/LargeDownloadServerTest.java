package ai.nodetool.client.assets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.BoundedMemoryHarness;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, a large output streamed to a file: the current generation hands a run's media as a URL
 * (protocol-notes §10.2), so a run and {@code client.assets().download(asset, path)} stream any size. A client
 * JVM of 128 MiB heap downloads the test server's large-binary output to a file, which must match the
 * server's pattern byte for byte. The server serves the pattern as it writes it (it never holds the payload)
 * and runs in this JVM; only the client is in the forked one. The download took about 5 s here and
 * the check 3.5 s, so the test always runs (it needs 1 GiB of free space in the temporary directory).
 */
class LargeDownloadServerTest {
    @TempDir
    Path dir;

    @Test
    void aGibibyteOutputDownloadsToAFileInAHundredTwentyEightMebibyteHeap() throws Exception {
        download(1024L * 1024 * 1024);
    }

    private void download(long size) throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            server.registerLargeBinary("large", size);
            Path file = dir.resolve("out.bin");
            String output = BoundedMemoryHarness.runForked(
                    List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                    300,
                    LargeDownloadMain.class,
                    server.baseUrl(),
                    file.toString(),
                    Long.toString(size));
            System.out.println(output);
            assertThat(output).contains("download: " + size + " ok");
            assertThat(Files.size(file)).isEqualTo(size);
        }
    }
}
