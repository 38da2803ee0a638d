package ai.nodetool.client.testing;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one recording {@link Flow.Subscriber} of the client's tests: records every signal and the
 * thread it arrived on, requests {@code initialRequest} items on subscription (none for 0, so a
 * test can drive demand through {@link #request}), and waits with a generous timeout.
 *
 * @param <T> the item type
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {

    /** How long the {@code await} methods wait. */
    public static final long TIMEOUT_SECONDS = 10;

    private final List<T> items = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger terminalSignals = new AtomicInteger();
    private final AtomicInteger completions = new AtomicInteger();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long initialRequest;
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;
    private volatile Consumer<T> onNextAction = item -> {};

    /** A subscriber that requests everything on subscription. */
    public RecordingSubscriber() {
        this(Long.MAX_VALUE);
    }

    /**
     * A subscriber that requests {@code initialRequest} items on subscription.
     *
     * @param initialRequest the first request; 0 for none
     */
    public RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /**
     * A subscriber that requests everything on subscription.
     *
     * @param <T> the item type
     * @return a new subscriber
     */
    public static <T> RecordingSubscriber<T> unbounded() {
        return new RecordingSubscriber<>();
    }

    /**
     * Runs {@code action} for every item, after recording it, on the delivering thread.
     *
     * @param action what to do; may throw, to test a failing subscriber
     * @return this subscriber
     */
    public RecordingSubscriber<T> onNextDo(Consumer<T> action) {
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

    /** @return the items so far, in order (a read-only view that grows as items arrive) */
    public List<T> items() {
        return Collections.unmodifiableList(items);
    }

    /**
     * @param mapper applied to each item
     * @param <R> the mapped type
     * @return the mapped items so far, e.g. {@code items(JobMessage::type)}
     */
    public <R> List<R> items(Function<? super T, R> mapper) {
        return items.stream().map(mapper).collect(Collectors.toList());
    }

    /** @return the names of the threads every signal arrived on, in order */
    public List<String> threads() {
        return Collections.unmodifiableList(threads);
    }

    /** @return the error of {@code onError}, or null */
    public Throwable error() {
        return error;
    }

    /** @return whether {@code onComplete} arrived */
    public boolean completed() {
        return completions.get() > 0;
    }

    /** @return how many times {@code onComplete} arrived (more than once is a bug) */
    public int completions() {
        return completions.get();
    }

    /** @return how many terminal signals arrived (more than once is a bug) */
    public int terminalSignals() {
        return terminalSignals.get();
    }

    /** @return whether {@code onSubscribe} arrived */
    public boolean isSubscribed() {
        return subscribed.getCount() == 0;
    }

    /** @return whether a terminal signal arrived */
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** @return the subscription, or null before {@code onSubscribe} */
    public Flow.Subscription subscription() {
        return subscription;
    }

    /** @param n how many more items to request */
    public void request(long n) {
        subscription.request(n);
    }

    /** Cancels the subscription. */
    public void cancel() {
        subscription.cancel();
    }

    /**
     * Waits for {@code onSubscribe}.
     *
     * @throws InterruptedException if interrupted
     * @throws AssertionError after {@link #TIMEOUT_SECONDS}
     */
    public void awaitSubscribed() throws InterruptedException {
        if (!subscribed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no onSubscribe within " + TIMEOUT_SECONDS + " s");
        }
    }

    /**
     * Waits for a terminal signal.
     *
     * @return this subscriber
     * @throws InterruptedException if interrupted
     * @throws AssertionError after {@link #TIMEOUT_SECONDS}, listing what arrived
     */
    public RecordingSubscriber<T> awaitTerminal() throws InterruptedException {
        if (!terminated.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no terminal signal within " + TIMEOUT_SECONDS + " s; " + describeItems());
        }
        return this;
    }

    /**
     * Waits up to {@code timeout} for a terminal signal.
     *
     * @param timeout how long to wait
     * @param unit its unit
     * @return whether a terminal signal arrived in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitTerminal(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /**
     * Waits until at least {@code count} items arrived.
     *
     * @param count the number of items
     * @throws InterruptedException if interrupted
     * @throws AssertionError when the stream ends with fewer, or after {@link #TIMEOUT_SECONDS}
     */
    public synchronized void awaitItems(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (items.size() < count) {
            if (terminated.getCount() == 0) {
                throw new AssertionError("terminated with " + describeItems() + " of " + count + ", error " + error);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("only " + describeItems() + " of " + count + " arrived");
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }

    private String describeItems() {
        int size = items.size();
        return size + " items" + (size <= 20 ? " " + items : "");
    }
}
