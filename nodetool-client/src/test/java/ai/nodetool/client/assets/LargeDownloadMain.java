package ai.nodetool.client.assets;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Forked by {@link LargeDownloadServerTest} with a 128 MiB heap: runs the current-generation test server's
 * large-binary workload, whose output is handed as a URL (protocol-notes §10.2), downloads it to a file with
 * {@code client.assets().download(asset, path)}, and checks every byte of the file against the test server's
 * pattern ({@code Workloads.patternByte}). Prints "download: SIZE ok" and the time it took.
 */
public final class LargeDownloadMain {
    private LargeDownloadMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path file = Path.of(args[1]);
        long size = Long.parseLong(args[2]);
        try (NodeToolClient client = NodeToolClient.builder().baseUrl(baseUrl).build()) {
            long started = System.nanoTime();
            RunResult result = client.workflows().run("large", Map.of());
            Object image = result.output("image");
            if (!(image instanceof AssetRef ref)) {
                throw new AssertionError("the image output is " + image);
            }
            if (ref.bytes().isPresent()) {
                throw new AssertionError("the current generation handed the output inline, not as a URL");
            }
            long written = client.assets().download(ref, file);
            long downloaded = System.nanoTime();
            String wrong = PatternFile.mismatch(file, size);
            System.out.println("download: " + written + (wrong == null && written == size ? " ok" : " WRONG " + wrong)
                    + " in " + (downloaded - started) / 1_000_000 + " ms (check "
                    + (System.nanoTime() - downloaded) / 1_000_000 + " ms)");
            System.out.println("heap max: "
                    + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / (1024 * 1024) + " MiB");
        }
    }
}
