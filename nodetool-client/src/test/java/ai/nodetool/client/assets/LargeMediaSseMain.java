package ai.nodetool.client.assets;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.testserver.Workloads;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forked by {@link LargeMediaSseServerTest} with a 128 MiB heap: streams a run over the legacy
 * Worker API's server-sent events whose {@code output_update} carries one large output as a base64 {@code data:}
 * URI in one event (the terminal {@code job_update} and the {@code complete} event carry it again), writes the
 * output to a file from the message ({@code AssetRef.writeInlineTo}), checks every byte against the
 * test server's pattern ({@code Workloads.patternByte}), and does it {@code rounds} times in one JVM. The only option set is the one a user needs for
 * such an event: {@code maxLineBytes}, the largest event. Prints "round N: SIZE ok" per round.
 */
public final class LargeMediaSseMain {
    private LargeMediaSseMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path file = Path.of(args[1]);
        long size = Long.parseLong(args[2]);
        int rounds = Integer.parseInt(args[3]);
        // The base64 is a third larger than the media; the event also carries the message around it.
        int maxLineBytes = (int) ((size + 2) / 3 * 4 + 1024 * 1024);
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(baseUrl)
                .workerUrl(baseUrl)
                .maxLineBytes(maxLineBytes)
                .build()) {
            for (int round = 1; round <= rounds; round++) {
                AtomicLong written = new AtomicLong(-1);
                client.worker().stream("large", Map.of())
                        .onMessage(m -> {
                            if (m instanceof OutputUpdate o && o.asset().isPresent()) {
                                AssetRef image = o.asset().get();
                                try (OutputStream out = Files.newOutputStream(file)) {
                                    written.set(image.writeInlineTo(out));
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                        })
                        .await();
                String wrong = check(file, size);
                System.out.println(
                        "round " + round + ": " + written.get() + (wrong == null ? " ok" : " WRONG " + wrong));
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
                    if (block[i] != (byte) Workloads.patternByte(at)) {
                        return "byte " + at;
                    }
                }
            }
        }
        return null;
    }
}
