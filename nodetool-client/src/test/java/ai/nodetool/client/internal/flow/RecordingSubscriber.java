package ai.nodetool.client.internal.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Records every signal, with the thread it arrived on; waits with generous timeouts. */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {

    static final long TIMEOUT_SECONDS = 10;

    final List<T> items = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger terminalSignals = new AtomicInteger();
    final AtomicInteger completions = new AtomicInteger();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch terminated = new CountDownLatch(1);
    volatile Flow.Subscription subscription;
    volatile Throwable error;
    private final long initialRequest;
    private volatile Consumer<T> onNextAction = item -> {};
    private final List<CountDownLatch> itemLatches = new CopyOnWriteArrayList<>();

    RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    RecordingSubscriber<T> onNextDo(Consumer<T> action) {
        this.onNextAction = action;
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        threads.add(Thread.currentThread().getName());
        subscription = s;
        subscribed.countDown();
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T item) {
        threads.add(Thread.currentThread().getName());
        items.add(item);
        synchronized (this) {
            notifyAll();
        }
        onNextAction.accept(item);
    }

    @Override
    public void onError(Throwable t) {
        threads.add(Thread.currentThread().getName());
        error = t;
        terminalSignals.incrementAndGet();
        terminated.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void onComplete() {
        threads.add(Thread.currentThread().getName());
        completions.incrementAndGet();
        terminalSignals.incrementAndGet();
        terminated.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    void request(long n) {
        subscription.request(n);
    }

    void awaitSubscribed() throws InterruptedException {
        if (!subscribed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no onSubscribe within " + TIMEOUT_SECONDS + " s");
        }
    }

    RecordingSubscriber<T> awaitTerminal() throws InterruptedException {
        if (!terminated.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no terminal signal within " + TIMEOUT_SECONDS + " s; items: " + items.size());
        }
        return this;
    }

    synchronized void awaitItems(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (items.size() < count) {
            if (terminated.getCount() == 0) {
                throw new AssertionError("terminated with " + items.size() + " items, error " + error);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("only " + items.size() + " of " + count + " items arrived");
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }
}
