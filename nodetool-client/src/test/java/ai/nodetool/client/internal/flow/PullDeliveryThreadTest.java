package ai.nodetool.client.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (NDJSON/SSE): a pull stream delivers each item on the thread that read it, and does not move
 * from one pool thread to another every few hundred items (each move was a thread wake-up, which on a
 * loaded machine waits for a core); it still yields a shared executor now and then.
 */
class PullDeliveryThreadTest {

    /** Counts items and remembers the threads that read and delivered them; requests everything. */
    private static final class Counter implements Flow.Subscriber<Integer> {
        final Set<Thread> deliveringThreads = new HashSet<>();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger items = new AtomicInteger();
        volatile boolean readOnOtherThread;
        volatile Flow.Subscription subscription;
        private final ThreadLocal<Boolean> reader;

        Counter(ThreadLocal<Boolean> reader) {
            this.reader = reader;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer item) {
            deliveringThreads.add(Thread.currentThread()); // signals are serialized (§1.3)
            if (!Boolean.TRUE.equals(reader.get())) {
                readOnOtherThread = true;
            }
            reader.remove();
            items.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }
    }

    /** A source of {@code limit} items that marks the reading thread for the subscriber to check. */
    private static Source<Integer> source(int limit, ThreadLocal<Boolean> reader) {
        AtomicInteger next = new AtomicInteger();
        return new Source<>() {
            @Override
            public Integer next() {
                int n = next.getAndIncrement();
                if (n >= limit) {
                    return null;
                }
                reader.set(Boolean.TRUE);
                return n;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void everyItemIsDeliveredOnTheThreadThatReadItAndOneThreadCarriesTheWholeStream() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            ThreadLocal<Boolean> reader = new ThreadLocal<>();
            Counter counter = new Counter(reader);
            StreamPublisher.pull(
                            heartbeat -> source(5_000, reader),
                            null,
                            FlowOptions.defaults().withName("one-thread").withExecutor(pool))
                    .subscribe(counter);
            assertThat(counter.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(counter.items.get()).isEqualTo(5_000);
            assertThat(counter.readOnOtherThread).isFalse();
            // With a hand-off every 256 items, a cached pool carried this stream on two threads in turn.
            assertThat(counter.deliveringThreads).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEndlessStreamStillYieldsASharedSingleThreadExecutorToAnotherStream() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ThreadLocal<Boolean> reader = new ThreadLocal<>();
            Counter endless = new Counter(reader);
            Counter small = new Counter(reader);
            StreamPublisher.pull(
                            heartbeat -> source(Integer.MAX_VALUE, reader),
                            null,
                            FlowOptions.defaults().withName("endless").withExecutor(single))
                    .subscribe(endless);
            StreamPublisher.pull(
                            heartbeat -> source(10, reader),
                            null,
                            FlowOptions.defaults().withName("small").withExecutor(single))
                    .subscribe(small);
            assertThat(small.done.await(10, TimeUnit.SECONDS))
                    .as("the small stream ran while the endless one was streaming")
                    .isTrue();
            assertThat(small.items.get()).isEqualTo(10);
            assertThat(endless.done.getCount()).isEqualTo(1);
            endless.subscription.cancel();
        } finally {
            single.shutdownNow();
        }
    }
}
