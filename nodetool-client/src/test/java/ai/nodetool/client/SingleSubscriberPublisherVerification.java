package ai.nodetool.client;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK for the SDK's publishers, which are single-subscriber by design: the
 * optional multi-subscriber and multicast rules (spec 1.11) are skipped here, each with its reason,
 * so every TCK class states them once.
 *
 * @param <T> the element type
 */
public abstract class SingleSubscriberPublisherVerification<T> extends FlowPublisherVerification<T> {

    protected SingleSubscriberPublisherVerification(TestEnvironment env) {
        super(env);
    }

    @Override
    public void optional_spec111_maySupportMultiSubscribe() {
        notVerified("single subscriber by design: a run's body or a job's updates can be consumed only once");
    }

    @Override
    public void optional_spec111_registeredSubscribersMustReceiveOnNextOrOnCompleteSignals() {
        notVerified("single subscriber by design: a second subscriber gets onError(IllegalStateException)");
    }

    @Override
    public void
            optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingOneByOne() {
        notVerified("no multicast: single subscriber by design");
    }

    @Override
    public void
            optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfront() {
        notVerified("no multicast: single subscriber by design");
    }

    @Override
    public void
            optional_spec111_multicast_mustProduceTheSameElementsInTheSameSequenceToAllOfItsSubscribersWhenRequestingManyUpfrontAndCompleteAsExpected() {
        notVerified("no multicast: single subscriber by design");
    }
}
