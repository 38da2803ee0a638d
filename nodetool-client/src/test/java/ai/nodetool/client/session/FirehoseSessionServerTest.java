package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.LogUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.testing.NodeToolClients;
import ai.nodetool.testserver.NodeToolTestServer;
import ai.nodetool.testserver.junit.BothGenerations;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, the firehose over the WebSocket with default options: 200,000 small frames of one job to
 * a subscriber requesting {@code Long.MAX_VALUE} all arrive, in order, with no
 * {@code StreamOverflowException} (before push-back the reader outran the delivery pool and
 * overflowed the 4096-message buffer in most rounds), on both generations. The rate is printed, not
 * asserted (shared machine).
 */
@ExtendWith(NodeToolClients.class)
class FirehoseSessionServerTest {
    private static final int FRAMES = 200_000;

    @BothGenerations
    void firehoseWithUnboundedDemandSeesEveryFrameWithoutOverflow(NodeToolTestServer server, NodeToolClient client)
            throws Exception {
        server.registerFirehose("firehose-ws", FRAMES, 64);
        try (JobSession session = client.connect()) {
            JobHandle job = session.runJob(
                    RunJobRequest.builder().workflowId("firehose-ws").build());
            AtomicLong logs = new AtomicLong();
            AtomicLong outOfOrder = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            long start = System.nanoTime();
            job.updates().subscribe(new Flow.Subscriber<JobMessage>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(JobMessage item) {
                    if (item instanceof LogUpdate) {
                        long n = logs.getAndIncrement();
                        if (!((LogUpdate) item).content().startsWith(n + " ")) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                }

                @Override
                public void onError(Throwable t) {
                    error.set(t);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
            long nanos = System.nanoTime() - start;
            assertThat(error.get()).isNull();
            assertThat(logs.get()).isEqualTo(FRAMES);
            assertThat(outOfOrder.get()).isZero();
            RunResult result = job.result().get(10, TimeUnit.SECONDS);
            assertThat(((Number) result.output("count")).longValue()).isEqualTo(FRAMES);
            System.out.printf(
                    "firehose over the WebSocket: %d frames in %d ms (%.0f frames/s, test server in the same JVM)%n",
                    FRAMES, nanos / 1_000_000, FRAMES * 1e9 / nanos);
        }
    }
}
