package ai.nodetool.client.internal.flow;

import java.io.IOException;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK over {@link StreamPublisher} in pull mode, fed by an in-memory source
 * that produces the requested number of elements lazily (so the Long.MAX_VALUE rules run too).
 * Each stream uses its own daemon thread (no executor configured), exercising that path.
 */
public class StreamPublisherPullTckTest extends FlowPublisherVerification<Long> {

    public StreamPublisherPullTckTest() {
        super(new TestEnvironment(500, 20));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        return StreamPublisher.pull(heartbeat -> new CountingSource(elements), null,
                FlowOptions.defaults().withName("tck-pull"));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return StreamPublisher.pull(heartbeat -> {
            throw new IOException("connection refused (simulated)");
        }, null, FlowOptions.defaults().withName("tck-pull-failed"));
    }

    @Override
    public void optional_spec111_maySupportMultiSubscribe() {
        notVerified("single subscriber by design: a run's response body can be consumed only once");
    }

    @Override
    public void optional_spec111_registeredSubscribersMustReceiveOnNextOrOnCompleteSignals() {
        notVerified("single subscriber by design: a second subscriber gets onError(IllegalStateException)");
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        notVerified("no multicast: single subscriber by design");
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        notVerified("no multicast: single subscriber by design");
    }

    @Override
    public void optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        notVerified("no multicast: single subscriber by design");
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
