package ai.nodetool.client.internal.flow;

import ai.nodetool.client.SingleSubscriberPublisherVerification;
import java.io.IOException;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;

/**
 * The Reactive Streams TCK over {@link StreamPublisher} in pull mode, fed by an in-memory source
 * that produces the requested number of elements lazily (so the Long.MAX_VALUE rules run too).
 * Each stream uses its own daemon thread (no executor configured), exercising that path.
 */
public class StreamPublisherPullTckTest extends SingleSubscriberPublisherVerification<Long> {

    public StreamPublisherPullTckTest() {
        super(new TestEnvironment(500, 20));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return StreamPublisher.pull(
                heartbeat -> new CountingSource(elements),
                null,
                FlowOptions.defaults().withName("tck-pull"));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return StreamPublisher.pull(
                heartbeat -> {
                    throw new IOException("connection refused (simulated)");
                },
                null,
                FlowOptions.defaults().withName("tck-pull-failed"));
    }

    /** Yields 0, 1, ... elements-1 without materialising anything. */
    static final class CountingSource implements Source<Long> {
        private final long elements;
        private long next;

        CountingSource(long elements) {
            this.elements = elements;
        }

        @Override
        public Long next() {
            return next < elements ? next++ : null;
        }

        @Override
        public void close() {}
    }
}
