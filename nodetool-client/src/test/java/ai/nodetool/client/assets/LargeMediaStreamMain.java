package ai.nodetool.client.assets;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.AssetRef;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.streaming.JobStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forked by {@link LargeMediaStreamServerTest} with a 128 MiB heap: streams a legacy run whose
 * {@code output_update} carries one large output as a base64 {@code data:} URI, over NDJSON (one line) or the
 * Worker API's server-sent events (one event; the terminal {@code job_update} and the {@code complete} event
 * carry it again), writes the output to a file from the message ({@code AssetRef.writeInlineTo}), checks every
 * byte against the test server's pattern, and does it {@code rounds} times in one JVM. The only option set is
 * the one a user needs for such a message: {@code maxLineBytes}, the largest line or event. Prints
 * "round N: SIZE ok" per round.
 *
 * <p>Arguments: {@code ndjson|sse baseUrl file size rounds}.
 */
public final class LargeMediaStreamMain {
    private LargeMediaStreamMain() {}

    public static void main(String[] args) throws Exception {
        boolean sse = args[0].equals("sse");
        String baseUrl = args[1];
        Path file = Path.of(args[2]);
        long size = Long.parseLong(args[3]);
        int rounds = Integer.parseInt(args[4]);
        // The base64 is a third larger than the media; the message around it takes a little more.
        int maxLineBytes = (int) ((size + 2) / 3 * 4 + 1024 * 1024);
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl(baseUrl)
                .workerUrl(baseUrl)
                .maxLineBytes(maxLineBytes)
                .build()) {
            for (int round = 1; round <= rounds; round++) {
                AtomicLong written = new AtomicLong(-1);
                JobStream stream =
                        sse ? client.worker().stream("large", Map.of()) : client.workflows().stream("large", Map.of());
                stream.onMessage(m -> {
                            if (m instanceof OutputUpdate o && o.asset().isPresent()) {
                                AssetRef image = o.asset().get();
                                try (OutputStream out = Files.newOutputStream(file)) {
                                    written.set(image.writeInlineTo(out));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        })
                        .await();
                String wrong = PatternFile.mismatch(file, size);
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
}
