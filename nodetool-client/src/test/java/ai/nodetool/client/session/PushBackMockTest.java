package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.errors.StreamOverflowException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The session's overflow policy (issue 15) against a raw WebSocket peer whose writes block when the
 * client stops reading: a firehose with unbounded demand never overflows; under
 * {@link OverflowPolicy#PUSH_BACK} (the default) a slow subscriber holds the socket so that the
 * peer's writes stall, and gets every frame; {@link OverflowPolicy#FAIL_FAST} still fails; cancel,
 * close and session loss end a held socket promptly with their typed errors; and a second job on
 * the socket is delayed (head-of-line), not lost.
 */
class PushBackMockTest {
    private static final int PAD = 2048;

    private static Map<String, Object> progress(String jobId, long seq, int total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "node_progress");
        m.put("job_id", jobId);
        m.put("job_seq", seq);
        m.put("node_id", "n");
        m.put("progress", seq);
        m.put("total", total);
        m.put("chunk", "x".repeat(PAD));
        return m;
    }

    private static Map<String, Object> completed(String jobId, long seq) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "job_update");
        m.put("job_id", jobId);
        m.put("job_seq", seq);
        m.put("status", "completed");
        m.put("result", Map.of("outputs", Map.of("out", List.of("done-" + jobId))));
        return m;
    }

    private static List<Object> frames(String jobId, int n, boolean terminal) {
        List<Object> all = new ArrayList<>(n + 1);
        for (int i = 1; i <= n; i++) {
            all.add(progress(jobId, i, n));
        }
        if (terminal) {
            all.add(completed(jobId, n + 1));
        }
        return all;
    }

    private static JobSession connect(FramePeer peer, SessionOptions options) {
        NodeToolClient client = NodeToolClient.builder()
                .baseUrl(peer.httpUrl())
                .webSocketUrl(peer.wsUrl())
                .apiToken(null)
                .build();
        return client.connect(options);
    }

    private static JobHandle run(JobSession session, String jobId) {
        return session.runJob(
                RunJobRequest.builder().workflowId("wf").jobId(jobId).build());
    }

    /** Writes frames on a thread of its own (the writes block while the client pushes back). */
    private static CompletableFuture<Void> sendInBackground(FramePeer peer, List<Object> frames) {
        return CompletableFuture.runAsync(() -> {
            try {
                peer.sendAll(frames);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Counts items, checks their order, requests as told; never blocks the delivery thread. */
    static final class Counter implements Flow.Subscriber<JobMessage> {
        final AtomicLong received = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final long initial;
        volatile Flow.Subscription subscription;
        private long lastProgress;

        Counter(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(JobMessage item) {
            if (item instanceof NodeProgress) {
                long p = (long) ((NodeProgress) item).progress();
                if (p != lastProgress + 1) {
                    outOfOrder.incrementAndGet();
                }
                lastProgress = p;
            }
            received.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        boolean await() throws InterruptedException {
            return done.await(20, TimeUnit.SECONDS);
        }
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void firehoseWithUnboundedDemandSeesEveryFrameAndNoOverflowWithDefaultOptions() throws Exception {
        int n = 50_000;
        try (FramePeer peer = new FramePeer();
                JobSession session = connect(peer, SessionOptions.defaults())) {
            JobHandle job = run(session, "fire");
            Counter s = new Counter(Long.MAX_VALUE);
            job.updates().subscribe(s);
            List<Object> all = new ArrayList<>(n + 1);
            for (int i = 1; i <= n; i++) {
                Map<String, Object> m = progress("fire", i, n);
                m.put("chunk", "c");
                all.add(m);
            }
            all.add(completed("fire", n + 1));
            peer.sendAll(all);

            assertThat(s.await()).isTrue();
            assertThat(s.error.get()).isNull();
            assertThat(s.received.get()).isEqualTo(n + 1);
            assertThat(s.outOfOrder.get()).isZero();
            assertThat(job.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-fire");
        }
    }

    @Test
    void slowSubscriberPushesBackOnTheServerAndGetsEveryFrame() throws Exception {
        int n = 5_000; // 10 MB of frames: far more than the TCP buffers between the two
        try (FramePeer peer = new FramePeer();
                JobSession session =
                        connect(peer, SessionOptions.builder().jobBufferSize(16).build())) {
            JobHandle job = run(session, "slow");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            CompletableFuture<Void> sending = sendInBackground(peer, frames("slow", n, true));

            // The subscriber asked for one frame and then nothing: the socket is held.
            Thread.sleep(1_500);
            long writtenAtCheckpoint = peer.framesWritten.get();
            Thread.sleep(500);
            assertThat(s.received.get()).isEqualTo(1);
            assertThat(peer.framesWritten.get())
                    .as("the server's writes stall while the subscriber requests nothing")
                    .isEqualTo(writtenAtCheckpoint)
                    .isLessThan(n / 2);
            assertThat(sending).isNotDone();

            // Now one at a time, with a pause now and then: everything arrives, in order.
            for (int i = 0; i < n; i++) {
                s.subscription.request(1);
                if (i % 1000 == 0) {
                    Thread.sleep(20);
                }
            }
            assertThat(s.await()).isTrue();
            assertThat(s.error.get()).isNull();
            assertThat(s.received.get()).isEqualTo(n + 1);
            assertThat(s.outOfOrder.get()).isZero();
            sending.get(10, TimeUnit.SECONDS);
            assertThat(job.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-slow");
        }
    }

    @Test
    void failFastStillFailsTheSlowSubscriberAndNotTheJob() throws Exception {
        int n = 2_000;
        SessionOptions options = SessionOptions.builder()
                .jobBufferSize(16)
                .overflowPolicy(OverflowPolicy.FAIL_FAST)
                .build();
        try (FramePeer peer = new FramePeer();
                JobSession session = connect(peer, options)) {
            JobHandle job = run(session, "ff");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            CompletableFuture<Void> sending = sendInBackground(peer, frames("ff", n, true));

            assertThat(s.await()).isTrue();
            assertThat(s.error.get()).isInstanceOf(StreamOverflowException.class);
            RunResult r = job.result().get(20, TimeUnit.SECONDS);
            assertThat(r.output("out")).isEqualTo("done-ff");
            sending.get(10, TimeUnit.SECONDS);
            assertThat(peer.framesWritten.get()).isEqualTo(n + 1);
        }
    }

    @Test
    void aSecondJobIsDelayedBehindAHeldSocketButNotLost() throws Exception {
        int n = 3_000;
        try (FramePeer peer = new FramePeer();
                JobSession session =
                        connect(peer, SessionOptions.builder().jobBufferSize(16).build())) {
            JobHandle slow = run(session, "a");
            JobHandle other = run(session, "b");
            Counter slowSubscriber = new Counter(1);
            Counter otherSubscriber = new Counter(Long.MAX_VALUE);
            slow.updates().subscribe(slowSubscriber);
            other.updates().subscribe(otherSubscriber);
            List<Object> all = new ArrayList<>(frames("a", n, true));
            all.addAll(frames("b", 10, true)); // behind job a's frames on the one socket
            CompletableFuture<Void> sending = sendInBackground(peer, all);

            Thread.sleep(1_500);
            assertThat(other.result())
                    .as("head-of-line: job b waits behind job a")
                    .isNotDone();
            assertThat(otherSubscriber.received.get()).isZero();

            slowSubscriber.subscription.request(Long.MAX_VALUE);
            assertThat(slowSubscriber.await()).isTrue();
            assertThat(otherSubscriber.await()).isTrue();
            assertThat(slowSubscriber.received.get()).isEqualTo(n + 1);
            assertThat(otherSubscriber.received.get()).isEqualTo(11);
            assertThat(other.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-b");
            assertThat(slow.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-a");
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void cancellingTheSubscriptionReleasesTheHeldSocket() throws Exception {
        int n = 3_000;
        try (FramePeer peer = new FramePeer();
                JobSession session =
                        connect(peer, SessionOptions.builder().jobBufferSize(16).build())) {
            JobHandle job = run(session, "c");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            CompletableFuture<Void> sending = sendInBackground(peer, frames("c", n, true));
            Thread.sleep(1_000);
            assertThat(sending).isNotDone();

            s.subscription.cancel();
            sending.get(10, TimeUnit.SECONDS); // the reader reads on: the server's writes finish
            assertThat(job.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-c");
            assertThat(s.received.get()).isEqualTo(1);
        }
    }

    @Test
    void cancellingTheJobWhileItHoldsTheSocketEndsItAsCancelledAtOnce() throws Exception {
        int n = 3_000;
        try (FramePeer peer = new FramePeer();
                JobSession session =
                        connect(peer, SessionOptions.builder().jobBufferSize(16).build())) {
            JobHandle job = run(session, "j");
            JobHandle next = run(session, "k");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            List<Object> all = new ArrayList<>(frames("j", n, true));
            all.addAll(frames("k", 3, true));
            CompletableFuture<Void> sending = sendInBackground(peer, all);
            Thread.sleep(1_000);

            long start = System.nanoTime();
            job.cancel();
            assertThat(failure(job.result())).isInstanceOf(JobCancelledException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the socket is free again: the job behind it completes
            assertThat(next.result().get(10, TimeUnit.SECONDS).output("out")).isEqualTo("done-k");
            sending.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheSessionWhileTheSocketIsHeldEndsPromptly() throws Exception {
        int n = 3_000;
        try (FramePeer peer = new FramePeer()) {
            JobSession session =
                    connect(peer, SessionOptions.builder().jobBufferSize(16).build());
            JobHandle job = run(session, "d");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            sendInBackground(peer, frames("d", n, true));
            Thread.sleep(1_000);

            long start = System.nanoTime();
            session.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(failure(job.result())).isInstanceOf(SessionClosedException.class);
            s.subscription.request(Long.MAX_VALUE); // the buffered frames, then the session's end
            assertThat(s.await()).isTrue();
            assertThat(s.error.get()).isInstanceOf(SessionClosedException.class);
            assertNoHeldReader();
        }
    }

    @Test
    void losingTheSessionWhileTheSocketIsHeldEndsPromptlyWithTheLoss() throws Exception {
        int n = 3_000;
        SessionOptions options = SessionOptions.builder()
                .jobBufferSize(16)
                .reconnectAttempts(0)
                .pingInterval(Duration.ofMillis(300))
                .build();
        try (FramePeer peer = new FramePeer();
                JobSession session = connect(peer, options)) {
            JobHandle job = run(session, "e");
            Counter s = new Counter(1);
            job.updates().subscribe(s);
            sendInBackground(peer, frames("e", n, true));
            // A held reader cannot read the server's pong: after the ping interval OkHttp declares the
            // socket half-open, the session (no reconnects) dies, and the held reader lets go.
            Throwable error = failure(job.result());
            assertThat(error).isInstanceOf(NodeToolTimeoutException.class);
            assertThat(session.isOpen()).isFalse();
            assertNoHeldReader();
        }
    }

    /** No thread is left waiting for room in a job's buffer (inside the session's routing). */
    private static void assertNoHeldReader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (; ; ) {
            boolean held = Thread.getAllStackTraces().values().stream()
                    .anyMatch(stack -> java.util.Arrays.stream(stack)
                            .anyMatch(f -> f.getClassName().endsWith("PushPublisher")
                                    && f.getMethodName().equals("awaitRoom")));
            if (!held) {
                return;
            }
            assertThat(System.nanoTime()).as("a reader thread is still held").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
