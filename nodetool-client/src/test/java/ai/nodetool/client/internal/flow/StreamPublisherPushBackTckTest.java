package ai.nodetool.client.internal.flow;

import ai.nodetool.client.SingleSubscriberPublisherVerification;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK over {@link StreamPublisher#pushBack}, the WebSocket default: a producer
 * thread (standing in for the socket's reader) offers the elements into a buffer of four as soon as
 * the subscriber is in place, waiting for room whenever the subscriber is behind, and delivering on
 * its own thread whenever nobody is draining. This checks that the producer-thread fast path keeps
 * the signals serial (§1.3) and does not recurse (§3.3), and that a cancelled stream lets a waiting
 * producer go. The stream is unbounded (the producer stops when an offer is refused), so the
 * {@code Long.MAX_VALUE} demand rules are checked here too.
 */
public class StreamPublisherPushBackTckTest extends SingleSubscriberPublisherVerification<Long> {

    private final ExecutorService pool = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "tck-pushback-pool");
        thread.setDaemon(true);
        return thread;
    });

    public StreamPublisherPushBackTckTest() {
        super(new TestEnvironment(500, 20));
    }

    @AfterClass
    public void shutdownPool() {
        pool.shutdownNow();
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        PushPublisher<Long> publisher = StreamPublisher.pushBack(
                4,
                new PushBack(0, null, true),
                null,
                null,
                FlowOptions.defaults().withName("tck-pushback").withExecutor(pool));
        Thread producer = new Thread(
                () -> {
                    try {
                        while (!publisher.hasSubscriber()) {
                            Thread.sleep(1);
                        }
                        for (long i = 0; i < elements; i++) {
                            if (!publisher.offer(i)) {
                                return; // cancelled or terminated
                            }
                        }
                        publisher.complete();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tck-pushback-producer");
        producer.setDaemon(true);
        producer.start();
        return publisher;
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        PushPublisher<Long> publisher = StreamPublisher.pushBack(
                4,
                new PushBack(0, null, true),
                null,
                null,
                FlowOptions.defaults().withName("tck-pushback-failed").withExecutor(pool));
        publisher.error(new IOException("socket lost (simulated)"));
        return publisher;
    }
}
