package ai.nodetool.client.streaming;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.LogUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a JVM with a 64 MiB heap by {@link ServerBoundedMemoryTest}: the test server (legacy)
 * and a client in one process; a firehose of N log lines of about 200 bytes each streams over
 * loopback through {@code workflows().stream()} to a subscriber requesting one message at a time.
 * Exit code 0 means every message arrived in order, the stream completed and {@code result()} holds
 * the firehose's count.
 */
public final class ServerBoundedMemoryMain {

    private ServerBoundedMemoryMain() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        try (NodeToolTestServer server = NodeToolTestServer.builder().generation(Generation.LEGACY).start();
                NodeToolClient client = NodeToolClient.builder().baseUrl(server.baseUrl()).build()) {
            server.registerFirehose("firehose", count, 96);
            JobStream stream = client.workflows().stream("firehose", Map.of());
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<String> failure = new AtomicReference<>();
            long[] received = new long[1];
            long start = System.nanoTime();
            stream.subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(1);
                }

                @Override
                public void onNext(JobMessage m) {
                    long n = received[0]++;
                    if (n == 0 || n == count + 1L) {
                        if (!(m instanceof JobUpdate)) {
                            failure.compareAndSet(null, "message " + n + " is " + m.type() + ", expected job_update");
                        }
                    } else if (!(m instanceof LogUpdate) || !((LogUpdate) m).content().startsWith((n - 1) + " ")) {
                        failure.compareAndSet(null, "message " + n + " out of order: " + m.type());
                    }
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable t) {
                    failure.compareAndSet(null, "onError: " + t);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            if (!done.await(120, TimeUnit.SECONDS)) {
                System.out.println("FAIL: no terminal signal; received " + received[0]);
                System.exit(3);
            }
            RunResult result = stream.result().get(10, TimeUnit.SECONDS);
            if (failure.get() != null || received[0] != count + 2L || !Long.valueOf(count).equals(
                    ((Number) result.output("count")).longValue())) {
                System.out.println("FAIL: " + failure.get() + "; received " + received[0] + " of " + (count + 2L)
                        + "; result " + result.outputs());
                System.exit(2);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Runtime rt = Runtime.getRuntime();
            System.out.println("OK " + count + " messages in " + ms + " ms; max heap "
                    + rt.maxMemory() / (1024 * 1024) + " MiB");
        }
        System.exit(0);
    }
}
