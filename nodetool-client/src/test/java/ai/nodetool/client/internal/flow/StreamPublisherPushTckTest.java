package ai.nodetool.client.internal.flow;

import ai.nodetool.client.SingleSubscriberPublisherVerification;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK over {@link StreamPublisher} in push mode: every element is offered
 * before subscription (buffer sized to hold them all, as a WebSocket job's early messages would
 * be), then the input is completed. Delivery runs on a shared pool, as it will in the client.
 */
public class StreamPublisherPushTckTest extends SingleSubscriberPublisherVerification<Integer> {

    private static final int MAX_ELEMENTS = 2048;

    private final ExecutorService pool = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "tck-push-pool");
        thread.setDaemon(true);
        return thread;
    });

    public StreamPublisherPushTckTest() {
        super(new TestEnvironment(500, 20));
    }

    @AfterClass
    public void shutdownPool() {
        pool.shutdownNow();
    }

    @Override
    public long maxElementsFromPublisher() {
        // A push stream buffers what it has not delivered, so the element count is bounded by the
        // buffer; the Long.MAX_VALUE demand rules (§3.17) are covered by the pull-mode TCK run.
        return MAX_ELEMENTS;
    }

    @Override
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        PushPublisher<Integer> publisher = StreamPublisher.push(
                MAX_ELEMENTS,
                null,
                null,
                FlowOptions.defaults().withName("tck-push").withExecutor(pool));
        for (int i = 0; i < elements; i++) {
            if (!publisher.offer(i)) {
                throw new AssertionError("offer refused at " + i);
            }
        }
        publisher.complete();
        return publisher;
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        PushPublisher<Integer> publisher = StreamPublisher.push(
                16,
                null,
                null,
                FlowOptions.defaults().withName("tck-push-failed").withExecutor(pool));
        publisher.error(new IOException("socket lost (simulated)"));
        return publisher;
    }

    @Override
    public void required_spec317_mustNotSignalOnErrorWhenPendingAboveLongMaxValue() {
        notVerified("needs a Long.MAX_VALUE-element stream, which a bounded push buffer cannot be fed;"
                + " the shared demand arithmetic is verified by StreamPublisherPullTckTest");
    }
}
