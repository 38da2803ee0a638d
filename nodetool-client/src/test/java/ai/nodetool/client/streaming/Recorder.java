package ai.nodetool.client.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.messages.JobMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A subscriber that records every signal and the thread it came on; waits up to 10 s. */
class Recorder implements Flow.Subscriber<JobMessage> {
    final List<JobMessage> messages = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger terminals = new AtomicInteger();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    volatile Flow.Subscription subscription;
    volatile Throwable error;
    volatile boolean completed;
    private final long initial;

    Recorder(long initialRequest) {
        this.initial = initialRequest;
    }

    static Recorder unbounded() {
        return new Recorder(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        threads.add(Thread.currentThread().getName());
        subscription = s;
        subscribed.countDown();
        if (initial > 0) {
            s.request(initial);
        }
    }

    @Override
    public void onNext(JobMessage item) {
        threads.add(Thread.currentThread().getName());
        messages.add(item);
    }

    @Override
    public void onError(Throwable t) {
        threads.add(Thread.currentThread().getName());
        error = t;
        terminals.incrementAndGet();
        done.countDown();
    }

    @Override
    public void onComplete() {
        threads.add(Thread.currentThread().getName());
        completed = true;
        terminals.incrementAndGet();
        done.countDown();
    }

    Recorder awaitDone() throws InterruptedException {
        assertThat(done.await(10, TimeUnit.SECONDS)).as("terminal signal within 10 s; got %s", types()).isTrue();
        return this;
    }

    List<String> types() {
        return messages.stream().map(JobMessage::type).collect(Collectors.toList());
    }
}
