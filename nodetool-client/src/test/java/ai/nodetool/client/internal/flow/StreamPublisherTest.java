package ai.nodetool.client.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.testing.RecordingSubscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Behaviour of the pull feeding mode, and of the signalling core both modes share. */
class StreamPublisherTest {

    private static StreamPublisher<Integer> pull(Source<Integer> source, String name) {
        return StreamPublisher.pull(
                heartbeat -> source, null, FlowOptions.defaults().withName(name));
    }

    // ---- demand drives reading --------------------------------------------------------------

    @Test
    void readsOnlyAsMuchAsTheSubscriberRequests() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        AtomicInteger opens = new AtomicInteger();
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> {
                    opens.incrementAndGet();
                    return source;
                },
                null,
                FlowOptions.defaults().withName("demand"));
        assertThat(opens.get()).as("cold: nothing opened before subscribe").isZero();

        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        subscriber.awaitSubscribed();
        for (int k = 1; k <= 20; k++) {
            subscriber.request(1);
            subscriber.awaitItems(k);
            // Read-ahead is zero: an item is read only for outstanding demand.
            assertThat(source.reads.get()).isEqualTo(k);
        }
        subscriber.request(5);
        subscriber.awaitItems(25);
        assertThat(source.reads.get()).isEqualTo(25);
        assertThat(subscriber.items()).containsExactlyElementsOf(range(25));
        assertThat(opens.get()).isEqualTo(1);
        subscriber.subscription().cancel();
        assertThat(source.closes.get()).isEqualTo(1);
    }

    @Test
    void readsAndSignalsHappenOnTheExecutorNotOnTheRequestingThread() throws Exception {
        TestSources.Counting source = new TestSources.Counting(3);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        pull(source, "threads").subscribe(subscriber);
        subscriber.awaitSubscribed();
        subscriber.request(10);
        subscriber.awaitTerminal();
        String caller = Thread.currentThread().getName();
        assertThat(source.readThread[0]).startsWith("nodetool-threads-").isNotEqualTo(caller);
        assertThat(subscriber.threads()).allSatisfy(t -> assertThat(t).startsWith("nodetool-threads-"));
        assertThat(subscriber.items()).containsExactly(0, 1, 2);
        assertThat(subscriber.completions()).isEqualTo(1);
    }

    @Test
    void requestFromOnNextDoesNotRecurse() throws Exception {
        TestSources.Counting source = new TestSources.Counting(2000);
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        subscriber.onNextDo(item -> {
            maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
            subscriber.request(1);
            depth.decrementAndGet();
        });
        pull(source, "recursion").subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).hasSize(2000);
        assertThat(maxDepth.get()).isEqualTo(1);
    }

    // ---- cancellation -----------------------------------------------------------------------

    @Test
    void cancelClosesTheSourceAndUnblocksABlockedRead(TestInfo info) throws Exception {
        TestSources.Blocking source = new TestSources.Blocking();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        pull(source, "cancel-blocked").subscribe(subscriber);
        assertThat(source.readStarted.await(10, TimeUnit.SECONDS)).isTrue();

        subscriber.subscription().cancel();

        assertThat(source.closes.get()).isEqualTo(1);
        assertThat(source.readReturned.await(10, TimeUnit.SECONDS))
                .as("blocked read unblocked")
                .isTrue();
        awaitNoThreadNamed("nodetool-cancel-blocked-");
        // The read failed because we closed it: that must not reach the subscriber.
        assertThat(subscriber.terminalSignals()).isZero();
        assertThat(subscriber.items()).isEmpty();
        subscriber.subscription().cancel();
        subscriber.request(1); // no-ops after cancel (§3.6, §3.7)
        assertThat(source.closes.get()).isEqualTo(1);
    }

    @Test
    void cancelFromOnNextStopsReadingAndSignalling() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        subscriber.onNextDo(item -> {
            if (item == 4) {
                subscriber.subscription().cancel();
            }
        });
        pull(source, "cancel-in-onnext").subscribe(subscriber);
        assertThat(source.closed.await(10, TimeUnit.SECONDS)).isTrue();
        awaitNoThreadNamed("nodetool-cancel-in-onnext-");
        assertThat(subscriber.items()).containsExactly(0, 1, 2, 3, 4);
        assertThat(source.reads.get()).isEqualTo(5);
        assertThat(subscriber.terminalSignals()).isZero();
    }

    // ---- exactly one terminal signal on every path ------------------------------------------

    @Test
    void endOfSourceCompletesOnceAndClosesTheSource() throws Exception {
        TestSources.Counting source = new TestSources.Counting(3);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(3);
        pull(source, "end").subscribe(subscriber);
        // Demand is exactly used up: the end is discovered only with further demand (read-ahead 0).
        subscriber.awaitItems(3);
        assertThat(subscriber.terminalSignals()).isZero();
        subscriber.request(1);
        subscriber.awaitTerminal();
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(source.closes.get()).isEqualTo(1);
        awaitNoThreadNamed("nodetool-end-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void sourceIoFailureIsSignalledAsNodeToolIoException() throws Exception {
        IOException reset = new IOException("Connection reset");
        Source<Integer> source = new Source<>() {
            int n;

            @Override
            public Integer next() throws IOException {
                if (n == 2) {
                    throw reset;
                }
                return n++;
            }

            @Override
            public void close() {}
        };
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        pull(source, "io-failure").subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(0, 1);
        assertThat(subscriber.error()).isInstanceOf(NodeToolIOException.class).hasCause(reset);
        awaitNoThreadNamed("nodetool-io-failure-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void malformedInputFromTheSourcePassesThroughUnchanged() throws Exception {
        NodeToolProtocolException malformed = new NodeToolProtocolException("Malformed NDJSON at line 2", null, 2);
        TestSources.Counting counting = new TestSources.Counting(100);
        Source<Integer> source = counting.map(i -> {
            if (i == 1) {
                throw malformed;
            }
            return i;
        });
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        pull(source, "malformed").subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(0);
        assertThat(subscriber.error()).isSameAs(malformed);
        assertThat(counting.closes.get()).isEqualTo(1);
    }

    @Test
    void openFailureIsSignalledWithoutDemand() throws Exception {
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> {
                    throw new java.net.ConnectException("Connection refused");
                },
                null,
                FlowOptions.defaults().withName("open-failure"));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.error())
                .isInstanceOf(NodeToolIOException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
        awaitNoThreadNamed("nodetool-open-failure-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void terminalItemCompletesAfterDeliveringItAndStopsReading() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> source,
                item -> item == 3 ? Termination.complete() : null,
                FlowOptions.defaults().withName("terminal-item"));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(0, 1, 2, 3);
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(source.reads.get()).isEqualTo(4);
        assertThat(source.closes.get()).isEqualTo(1);
    }

    @Test
    void terminalItemCanFailTheStreamAfterDeliveringIt() throws Exception {
        IllegalStateException jobFailed = new IllegalStateException("job failed: boom");
        TestSources.Counting source = TestSources.Counting.endless();
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> source,
                item -> item == 1 ? Termination.fail(jobFailed) : null,
                FlowOptions.defaults().withName("terminal-fail"));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        subscriber.onNextDo(item -> subscriber.request(1));
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(0, 1);
        assertThat(subscriber.error()).isSameAs(jobFailed);
        assertThat(source.reads.get()).isEqualTo(2);
        assertThat(source.closes.get()).isEqualTo(1);
        awaitNoThreadNamed("nodetool-terminal-fail-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void nonPositiveRequestFailsTheStreamAndClosesTheSource() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        AtomicInteger opens = new AtomicInteger();
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> {
                    opens.incrementAndGet();
                    return source;
                },
                null,
                FlowOptions.defaults().withName("bad-request"));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        subscriber.awaitSubscribed();
        subscriber.request(0);
        subscriber.awaitTerminal();
        assertThat(subscriber.error())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.9");
        // The error may overtake the opening of the source; whatever was opened has been closed.
        assertThat(source.closes.get()).isEqualTo(opens.get());
        assertThat(source.reads.get()).isZero();
    }

    @Test
    void subscriberThrowingInOnNextClosesTheSourceReportsAndSignalsOnErrorOnce() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        RuntimeException bug = new RuntimeException("subscriber bug");
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> source,
                null,
                FlowOptions.defaults().withName("throwing").withSubscriberErrorHook(reported::add));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        subscriber.onNextDo(item -> {
            if (item == 2) {
                throw bug;
            }
        });
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(source.closes.get()).isEqualTo(1);
        assertThat(reported).containsExactly(bug);
        assertThat(subscriber.error()).isSameAs(bug);
        awaitNoThreadNamed("nodetool-throwing-");
        assertThat(subscriber.items()).containsExactly(0, 1, 2);
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
        assertThat(source.reads.get()).isEqualTo(3);
    }

    @Test
    void executorRejectingTheFirstTaskFailsTheStreamOnTheSubscribingThread() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        AtomicInteger opens = new AtomicInteger();
        Executor rejecting = task -> {
            throw new RejectedExecutionException("pool is shut down");
        };
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> {
                    opens.incrementAndGet();
                    return source;
                },
                null,
                FlowOptions.defaults().withName("rejected").withExecutor(rejecting));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        publisher.subscribe(subscriber);
        // Delivered synchronously: there is nowhere else to deliver.
        assertThat(subscriber.isTerminated()).isTrue();
        assertThat(subscriber.isSubscribed()).isTrue();
        assertThat(subscriber.error()).isInstanceOf(RejectedExecutionException.class);
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
        assertThat(opens.get()).isZero();
        assertThat(subscriber.threads()).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void executorRejectingMidStreamFailsTheStreamOnceAndClosesTheSource() throws Exception {
        TestSources.Counting source = TestSources.Counting.endless();
        ExecutorService pool = Executors.newSingleThreadExecutor(daemon("mid-reject"));
        AtomicInteger accepted = new AtomicInteger();
        Executor failingLater = task -> {
            if (accepted.incrementAndGet() > 1) {
                throw new RejectedExecutionException("pool is shut down");
            }
            pool.execute(task);
        };
        try {
            StreamPublisher<Integer> publisher = StreamPublisher.pull(
                    heartbeat -> source,
                    null,
                    FlowOptions.defaults().withName("mid-reject").withExecutor(failingLater));
            RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
            publisher.subscribe(subscriber);
            subscriber.awaitSubscribed();
            // The pool runs tasks in order: once this marker ran, the first drain task (onSubscribe,
            // open, no demand) has finished, so the next request needs a new task, which is rejected.
            pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
            subscriber.request(1);
            assertThat(subscriber.isTerminated())
                    .as("failed on the requesting thread")
                    .isTrue();
            subscriber.awaitTerminal();
            assertThat(subscriber.error()).isInstanceOf(RejectedExecutionException.class);
            assertThat(source.closes.get()).isEqualTo(1);
            assertThat(subscriber.terminalSignals()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void secondSubscriberIsRejectedAfterOnSubscribe() throws Exception {
        StreamPublisher<Integer> publisher = pull(new TestSources.Counting(1), "second");
        RecordingSubscriber<Integer> first = new RecordingSubscriber<>(Long.MAX_VALUE);
        publisher.subscribe(first);
        RecordingSubscriber<Integer> second = new RecordingSubscriber<>(1);
        publisher.subscribe(second);
        assertThat(second.isSubscribed()).isTrue();
        assertThat(second.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("single subscriber");
        assertThat(second.items()).isEmpty();
        first.awaitTerminal();
        assertThat(first.items()).containsExactly(0);
        assertThat(first.completions()).isEqualTo(1);
    }

    // ---- idle timeout -----------------------------------------------------------------------

    @Test
    void idleTimeoutFailsABlockedReadAndClosesTheSource() throws Exception {
        TestSources.Blocking source = new TestSources.Blocking();
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                heartbeat -> source,
                null,
                FlowOptions.defaults().withName("idle-blocked").withIdleTimeout(Duration.ofMillis(100)));
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.error())
                .isInstanceOf(NodeToolTimeoutException.class)
                .hasMessageContaining("Idle timeout");
        assertThat(source.closes.get()).isEqualTo(1);
        assertThat(source.readReturned.await(10, TimeUnit.SECONDS)).isTrue();
        awaitNoThreadNamed("nodetool-idle-blocked-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void idleClockResetsOnHeartbeatAndStopsWithoutDemand() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        AtomicReference<Runnable> heartbeat = new AtomicReference<>();
        TestSources.Blocking blocking = new TestSources.Blocking();
        TestSources.Counting counting = new TestSources.Counting(1);
        Source<Integer> source = new Source<>() {
            @Override
            public Integer next() throws IOException {
                Integer first = counting.next();
                return first != null ? first : blocking.next();
            }

            @Override
            public void close() {
                blocking.close();
            }
        };
        long timeout = TimeUnit.SECONDS.toNanos(5);
        StreamPublisher<Integer> publisher = StreamPublisher.pull(
                hb -> {
                    heartbeat.set(hb);
                    return source;
                },
                null,
                FlowOptions.defaults().withName("idle-clock").withIdleTimeout(Duration.ofNanos(timeout)));
        publisher.useClock(now::get);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        publisher.subscribe(subscriber);
        subscriber.awaitItems(1);

        // No demand: the stream is paused by the subscriber, not idle.
        now.addAndGet(10 * timeout);
        publisher.checkIdle();
        assertThat(subscriber.terminalSignals()).isZero();

        subscriber.request(1);
        assertThat(blocking.readStarted.await(10, TimeUnit.SECONDS)).isTrue();
        now.addAndGet(timeout - 1);
        heartbeat.get().run(); // e.g. an SSE comment arrived
        now.addAndGet(timeout - 1);
        publisher.checkIdle();
        assertThat(subscriber.terminalSignals()).isZero();
        assertThat(blocking.closes.get()).isZero();

        now.addAndGet(1);
        publisher.checkIdle();
        subscriber.awaitTerminal();
        assertThat(subscriber.error()).isInstanceOf(NodeToolTimeoutException.class);
        assertThat(blocking.closes.get()).isEqualTo(1);
    }

    // ---- helpers ----------------------------------------------------------------------------

    static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits (bounded) until no live thread's name starts with the prefix. */
    static void awaitNoThreadNamed(String prefix) throws InterruptedException {
        awaitTrue(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith(prefix)));
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS);
        }
    }
}
