package ai.nodetool.testserver.websocket;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The server side of {@link SoakServerTest}, run in its own JVM (with a small heap): starts a test
 * server with the default frame and job bounds, prints {@code PORT <n>}, then answers commands on standard
 * input: {@code heap} prints {@code HEAP <bytes>}, the heap in use after a full collection; {@code quit}
 * stops.
 */
public final class SoakServerMain {
    private SoakServerMain() {}

    public static void main(String[] args) throws Exception {
        int concurrency = Integer.parseInt(args[0]);
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .maxConcurrentJobs(concurrency)
                .maxRunsPerWorkflow(concurrency)
                // The bounds that a 10,000-job run would not fill at their defaults (10,000 commands,
                // 1,000 temp files) are lowered, so that every bound fills in the first rounds and any
                // later growth is a leak. The frame and job bounds keep their defaults.
                .recordingLimits(1000, 8L << 20, 1000)
                .tempMediaLimits(100, 16L << 20, java.time.Duration.ofMinutes(10))
                .start()) {
            server.registerFirehose("soak-hose", Integer.parseInt(args[1]), 64);
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("heap")) {
                    System.out.println("HEAP " + heapAfterGc());
                    System.out.flush();
                }
            }
        }
    }

    /** Used heap after full collections (two, so that what the first made unreachable goes too). */
    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
