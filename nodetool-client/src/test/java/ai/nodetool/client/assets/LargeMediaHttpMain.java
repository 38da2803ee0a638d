package ai.nodetool.client.assets;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.RunResult;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Forked by {@link LargeMediaHttpMockTest} with a 128 MiB heap: runs a workflow whose blocking HTTP answer
 * carries one large output as a base64 {@code data:} URI, saves it with {@code assets().download}, checks
 * every byte against the pattern, and does it {@code rounds} times in one JVM (so nothing of a round may
 * stay reachable). Prints "round N: SIZE ok" per round.
 */
public final class LargeMediaHttpMain {
    private LargeMediaHttpMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path file = Path.of(args[1]);
        long size = Long.parseLong(args[2]);
        int rounds = Integer.parseInt(args[3]);
        // Default options (issue 15: "completes ... with default options"); the default body cap is sized
        // for such an answer.
        try (NodeToolClient client = NodeToolClient.builder().baseUrl(baseUrl).build()) {
            for (int round = 1; round <= rounds; round++) {
                RunResult result = client.workflows().run("large", Map.of());
                AssetRef image = (AssetRef) result.output("image");
                long written = client.assets().download(image, file);
                result = null;
                image = null;
                String wrong = check(file, size);
                System.out.println("round " + round + ": " + written + (wrong == null ? " ok" : " WRONG " + wrong));
                System.gc();
                System.out.println("heap used after round " + round + ": "
                        + ManagementFactory.getMemoryMXBean()
                                        .getHeapMemoryUsage()
                                        .getUsed()
                                / (1024 * 1024) + " MiB");
            }
        }
    }

    private static String check(Path file, long size) throws Exception {
        if (Files.size(file) != size) {
            return "size " + Files.size(file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[64 * 1024];
            long at = 0;
            for (int n; (n = in.read(block)) > 0; ) {
                for (int i = 0; i < n; i++, at++) {
                    if (block[i] != Pattern.at(at)) {
                        return "byte " + at;
                    }
                }
            }
        }
        return null;
    }
}
