package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Subscriber that requests everything and records what it receives. */
final class Recorder<T> implements Flow.Subscriber<T> {
    private final List<T> items = new ArrayList<>();
    private final CountDownLatch terminal = new CountDownLatch(1);
    private volatile Throwable error;
    private volatile boolean completed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(T item) {
        items.add(item);
        notifyAll();
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        terminal.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void onComplete() {
        completed = true;
        terminal.countDown();
        synchronized (this) {
            notifyAll();
        }
    }

    synchronized List<T> items() {
        return new ArrayList<>(items);
    }

    Throwable error() {
        return error;
    }

    boolean completed() {
        return completed;
    }

    void awaitTerminal() throws InterruptedException {
        assertThat(terminal.await(10, TimeUnit.SECONDS)).as("terminal signal").isTrue();
    }

    synchronized void awaitItems(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (items.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " items, got " + items);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
