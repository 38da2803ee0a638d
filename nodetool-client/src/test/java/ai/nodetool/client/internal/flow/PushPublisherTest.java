package ai.nodetool.client.internal.flow;

import static ai.nodetool.client.internal.flow.StreamPublisherTest.awaitNoThreadNamed;
import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.StreamOverflowException;
import ai.nodetool.client.testing.RecordingSubscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Behaviour of the push feeding mode (WebSocket jobs): buffer bound, overflow policy, ordering. */
class PushPublisherTest {

    private static PushPublisher<Integer> push(int capacity, String name, Runnable onRelease) {
        return StreamPublisher.push(
                capacity,
                item -> item < 0 ? Termination.complete() : null,
                onRelease,
                FlowOptions.defaults().withName(name));
    }

    @Test
    void itemsOfferedBeforeSubscriptionAreDeliveredInOrderThenCompletion() throws Exception {
        PushPublisher<Integer> publisher = push(10, "push-early", null);
        for (int i = 0; i < 5; i++) {
            assertThat(publisher.offer(i)).isTrue();
        }
        publisher.complete();
        assertThat(publisher.offer(99)).as("input closed by complete()").isFalse();
        assertThat(publisher.buffered()).isEqualTo(5);

        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(2);
        publisher.subscribe(subscriber);
        subscriber.awaitItems(2);
        assertThat(subscriber.terminalSignals())
                .as("completion waits behind undelivered items")
                .isZero();
        subscriber.request(3);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(0, 1, 2, 3, 4);
        assertThat(subscriber.completions()).isEqualTo(1);
        awaitNoThreadNamed("nodetool-push-early-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void overflowFailsTheStreamAtOnceWithoutDemand() throws Exception {
        AtomicInteger released = new AtomicInteger();
        PushPublisher<Integer> publisher = push(3, "push-overflow", released::incrementAndGet);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        subscriber.awaitSubscribed();
        assertThat(publisher.offer(1)).isTrue();
        assertThat(publisher.offer(2)).isTrue();
        assertThat(publisher.offer(3)).isTrue();

        assertThat(publisher.offer(4)).isFalse();

        subscriber.awaitTerminal();
        assertThat(subscriber.error())
                .isInstanceOf(StreamOverflowException.class)
                .hasMessageContaining("push-overflow")
                .hasMessageContaining("3");
        assertThat(((StreamOverflowException) subscriber.error()).capacity()).isEqualTo(3);
        assertThat(subscriber.items()).isEmpty();
        assertThat(released.get()).isEqualTo(1);
        assertThat(publisher.offer(5)).isFalse();
        assertThat(publisher.offer(-1))
                .as("even a terminal item is refused, loudly, after failure")
                .isFalse();
        subscriber.request(10);
        awaitNoThreadNamed("nodetool-push-overflow-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
        assertThat(subscriber.items()).isEmpty();
    }

    @Test
    void overflowBeforeSubscriptionIsReportedToTheLaterSubscriber() throws Exception {
        PushPublisher<Integer> publisher = push(1, "push-overflow-early", null);
        assertThat(publisher.offer(1)).isTrue();
        assertThat(publisher.offer(2)).isFalse();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.isSubscribed()).isTrue();
        assertThat(subscriber.error()).isInstanceOf(StreamOverflowException.class);
    }

    @Test
    void aTerminalItemIsAcceptedIntoTheReservedSlotWhenTheBufferIsFull() throws Exception {
        AtomicInteger released = new AtomicInteger();
        PushPublisher<Integer> publisher = push(2, "push-reserved", released::incrementAndGet);
        assertThat(publisher.offer(1)).isTrue();
        assertThat(publisher.offer(2)).isTrue();
        assertThat(publisher.offer(-7)).as("terminal item, buffer full").isTrue();
        assertThat(publisher.offer(3)).as("nothing after the terminal item").isFalse();
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(1, 2, -7);
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    void errorIsNeverRefusedAndFollowsTheBufferedItems() throws Exception {
        PushPublisher<Integer> publisher = push(2, "push-error", null);
        publisher.offer(1);
        publisher.offer(2);
        IOException lost = new IOException("socket lost");
        publisher.error(lost);
        publisher.complete(); // ignored: the input is already closed
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
        publisher.subscribe(subscriber);
        subscriber.awaitTerminal();
        assertThat(subscriber.items()).containsExactly(1, 2);
        assertThat(subscriber.error()).isInstanceOf(NodeToolIOException.class).hasCause(lost);
        awaitNoThreadNamed("nodetool-push-error-");
        assertThat(subscriber.terminalSignals()).isEqualTo(1);
    }

    @Test
    void cancelRunsTheReleaseHookOnceAndRefusesLaterOffers() throws Exception {
        AtomicInteger released = new AtomicInteger();
        PushPublisher<Integer> publisher = push(10, "push-cancel", released::incrementAndGet);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(1);
        publisher.subscribe(subscriber);
        publisher.offer(1);
        publisher.offer(2);
        subscriber.awaitItems(1);
        subscriber.subscription().cancel();
        subscriber.subscription().cancel();
        assertThat(released.get()).isEqualTo(1);
        assertThat(publisher.offer(3)).isFalse();
        assertThat(publisher.buffered()).isZero();
        awaitNoThreadNamed("nodetool-push-cancel-");
        assertThat(subscriber.items()).containsExactly(1);
        assertThat(subscriber.terminalSignals()).isZero();
    }

    @Test
    void concurrentProducersAndABatchingSubscriberLoseNothing() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        PushPublisher<Integer> publisher = push(producers * perProducer, "push-concurrent", null);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        AtomicInteger sinceRequest = new AtomicInteger();
        subscriber.onNextDo(item -> {
            if (sinceRequest.incrementAndGet() == 16) {
                sinceRequest.set(0);
                subscriber.request(16);
            }
        });
        publisher.subscribe(subscriber);
        subscriber.awaitSubscribed();
        subscriber.request(16);
        CountDownLatch done = new CountDownLatch(producers);
        AtomicInteger refused = new AtomicInteger();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread producer = new Thread(
                    () -> {
                        for (int i = 0; i < perProducer; i++) {
                            if (!publisher.offer(base + i)) {
                                refused.incrementAndGet();
                            }
                        }
                        done.countDown();
                    },
                    "test-producer-" + p);
            producer.setDaemon(true);
            producer.start();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        publisher.complete();
        subscriber.awaitTerminal();
        assertThat(refused.get()).isZero();
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(subscriber.items()).hasSize(producers * perProducer);
        // Each producer's items arrive in the order it offered them.
        Map<Integer, List<Integer>> byProducer = new HashMap<>();
        for (int item : subscriber.items()) {
            byProducer
                    .computeIfAbsent(item / perProducer, k -> new ArrayList<>())
                    .add(item);
        }
        byProducer.values().forEach(list -> assertThat(list).isSorted());
    }

    @Test
    void idleTimeoutCountsFromTheLastOfferOrHeartbeat() throws Exception {
        AtomicLong now = new AtomicLong();
        long timeout = TimeUnit.SECONDS.toNanos(30);
        AtomicInteger released = new AtomicInteger();
        PushPublisher<Integer> publisher = StreamPublisher.push(
                10,
                null,
                released::incrementAndGet,
                FlowOptions.defaults().withName("push-idle").withIdleTimeout(Duration.ofNanos(timeout)));
        publisher.useClock(now::get);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        subscriber.awaitSubscribed();

        now.addAndGet(timeout - 1);
        publisher.offer(1);
        now.addAndGet(timeout - 1);
        publisher.heartbeat(); // e.g. a server ping
        now.addAndGet(timeout - 1);
        publisher.checkIdle();
        assertThat(subscriber.terminalSignals()).isZero();

        now.addAndGet(1);
        publisher.checkIdle();
        subscriber.awaitTerminal();
        assertThat(subscriber.error()).isInstanceOf(NodeToolTimeoutException.class);
        assertThat(subscriber.items())
                .as("undelivered items are dropped by the timeout")
                .isEmpty();
        assertThat(released.get()).isEqualTo(1);
        awaitNoThreadNamed("nodetool-push-idle-");
    }

    @Test
    void idleTimeoutStopsOnceTheInputIsComplete() throws Exception {
        AtomicLong now = new AtomicLong();
        PushPublisher<Integer> publisher = StreamPublisher.push(
                10,
                null,
                null,
                FlowOptions.defaults().withName("push-idle-done").withIdleTimeout(Duration.ofSeconds(30)));
        publisher.useClock(now::get);
        RecordingSubscriber<Integer> subscriber = new RecordingSubscriber<>(0);
        publisher.subscribe(subscriber);
        publisher.offer(1);
        publisher.complete();
        now.addAndGet(TimeUnit.MINUTES.toNanos(10)); // the subscriber is slow; the server is done
        publisher.checkIdle();
        subscriber.awaitSubscribed();
        subscriber.request(1);
        subscriber.awaitItems(1);
        subscriber.request(1);
        subscriber.awaitTerminal();
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(subscriber.items()).containsExactly(1);
    }
}
