package ai.nodetool.benchmarks;

import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.flow.Termination;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobUpdate;
import java.util.concurrent.Flow;
import org.openjdk.jmh.infra.Blackhole;

/** For the session benchmarks: a job's push publisher as the session makes it, already subscribed. */
final class JobPublishers {
    private JobPublishers() {}

    /**
     * A push publisher of {@code capacity} messages that ends at a terminal job update and delivers on the
     * offering thread, subscribed by a subscriber with unbounded demand that hands every message to
     * {@code bh}.
     */
    static PushPublisher<JobMessage> consumedBy(Blackhole bh, int capacity) {
        PushPublisher<JobMessage> job = StreamPublisher.push(
                capacity,
                m -> m instanceof JobUpdate && ((JobUpdate) m).isTerminal() ? Termination.complete() : null,
                null,
                FlowOptions.defaults().withName("bench").withExecutor(Runnable::run));
        job.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(JobMessage item) {
                bh.consume(item);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {}
        });
        return job;
    }
}
