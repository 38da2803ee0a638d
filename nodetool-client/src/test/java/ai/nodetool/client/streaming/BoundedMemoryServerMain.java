package ai.nodetool.client.streaming;

import ai.nodetool.client.BoundedMemoryHarness.OneAtATimeSubscriber;
import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.LogUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM with a 64 MiB heap by {@link BoundedMemoryServerTest}: the test server (legacy)
 * and a client in one process; a firehose of N log lines of about 200 bytes each streams over
 * loopback through {@code workflows().stream()} to a subscriber requesting one message at a time.
 * Exit code 0 means every message arrived in order, the stream completed and {@code result()} holds
 * the firehose's count.
 */
public final class BoundedMemoryServerMain {

    private BoundedMemoryServerMain() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                        .generation(Generation.LEGACY)
                        .start();
                NodeToolClient client =
                        NodeToolClient.builder().baseUrl(server.baseUrl()).build()) {
            server.registerFirehose("firehose", count, 96);
            JobStream stream = client.workflows().stream("firehose", Map.of());
            long start = System.nanoTime();
            OneAtATimeSubscriber<JobMessage> subscriber = new OneAtATimeSubscriber<>() {
                @Override
                protected String check(JobMessage m, long n) {
                    if (n == 0 || n == count + 1L) {
                        if (!(m instanceof JobUpdate)) {
                            return "message " + n + " is " + m.type() + ", expected job_update";
                        }
                    } else if (!(m instanceof LogUpdate)
                            || !((LogUpdate) m).content().startsWith((n - 1) + " ")) {
                        return "message " + n + " out of order: " + m.type();
                    }
                    return null;
                }
            };
            stream.subscribe(subscriber);
            subscriber.awaitTerminalOrExit();
            RunResult result = stream.result().get(10, TimeUnit.SECONDS);
            if (subscriber.failure() != null
                    || subscriber.received() != count + 2L
                    || !Long.valueOf(count).equals(((Number) result.output("count")).longValue())) {
                System.out.println("FAIL: " + subscriber.failure() + "; received " + subscriber.received() + " of "
                        + (count + 2L) + "; result " + result.outputs());
                System.exit(2);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Runtime rt = Runtime.getRuntime();
            System.out.println(
                    "OK " + count + " messages in " + ms + " ms; max heap " + rt.maxMemory() / (1024 * 1024) + " MiB");
        }
        System.exit(0);
    }
}
