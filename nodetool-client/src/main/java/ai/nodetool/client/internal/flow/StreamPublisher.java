package ai.nodetool.client.internal.flow;

import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The one {@link Flow.Publisher} implementation behind every streamed run (NDJSON, SSE and
 * WebSocket). It obeys the Reactive Streams rules (§1–§3, checked by the TCK) and is fed in one of
 * two ways, which share all the signalling logic in this class:
 * <ul>
 *   <li><b>pull</b> ({@link #pull}): for HTTP streams. The publisher reads from a blocking
 *       {@link Source}; <em>demand drives I/O</em>: {@link Source#next()} is called only while the
 *       subscriber has outstanding demand, never ahead of it (read-ahead is zero), so a slow
 *       subscriber slows the server through TCP and memory stays bounded for any stream length.
 *   <li><b>push</b> ({@link #push}, {@link #pushBack}): for WebSocket jobs. The transport
 *       {@link PushPublisher#offer offers} items into a bounded buffer; see {@link PushPublisher}
 *       for its bound, its overflow policy, and push-back (the offer waits for room).
 * </ul>
 *
 * <h2>Subscription</h2>
 * One subscriber per publisher. A second {@code subscribe} receives {@code onSubscribe} (with a
 * no-op subscription) and then {@code onError(IllegalStateException)}, both on the calling thread.
 * The publisher is cold: a pull source is opened (the HTTP call made) only after a subscriber has
 * subscribed, on the executor, right after {@code onSubscribe}; an open failure is signalled with
 * {@code onError} even without demand.
 *
 * <h2>Threading</h2>
 * Every signal to the subscriber ({@code onSubscribe} included) is delivered by one serialized
 * drain task running on the configured {@link FlowOptions#executor() executor}; signals never
 * overlap and each happens-before the next. The one exception is the producer-thread fast path of
 * push mode ({@link #signalHere()}, enabled by {@link PushBack#deliverOnProducer()}): a producer
 * that finds nobody draining runs the same drain loop on its own thread, so an item the subscriber
 * has demand for is delivered without a thread hop. {@link Flow.Subscription#request} and
 * {@link Flow.Subscription#cancel} may be called from any thread; they never run a blocking read
 * or deliver a signal on the caller's thread (request from within {@code onNext} does not
 * recurse), with one exception: if the executor rejects the drain task, the publisher fails the
 * stream on the thread that tried to schedule it (see below). Blocking reads of a pull source
 * happen on the executor. The drain task yields the executor after a burst of items (256 pushed, 16,384 pulled) and
 * resubmits itself, so a fast stream does not monopolise a shared pool thread. With no executor
 * configured, each stream gets its own daemon thread, created on subscription and ended when the
 * stream terminates or is cancelled (it also exits after a second without work, e.g. while the
 * subscriber requests nothing); likewise for the idle timer, which, however, stays until the end,
 * so a subscriber that abandons a stream must cancel it. No thread the publisher creates outlives
 * the stream.
 *
 * <h2>Memory bound</h2>
 * Pull mode holds no queue at all: at most the one item being delivered, plus whatever bounded
 * buffer the source keeps (the decoders' line limit). Push mode holds at most {@code capacity + 1}
 * undelivered items (see {@link PushPublisher}).
 *
 * <h2>Terminal signals</h2>
 * Every stream ends with exactly one {@code onComplete} or {@code onError}, unless the subscriber
 * cancelled first (then it gets no further signal). The paths:
 * <ul>
 *   <li>end of input: pull source returns {@code null}, or {@link PushPublisher#complete()}
 *       after the buffered items → {@code onComplete};
 *   <li>a terminal item: the transport's rule ({@code Function<? super T, Termination>}) returns a
 *       {@link Termination} for an item → that item is delivered with {@code onNext}, the source is
 *       released, then {@code onComplete} or {@code onError(termination.error())}; nothing more is
 *       read;
 *   <li>source failure: {@code open}/{@code next} throws, or {@link PushPublisher#error} → {@code
 *       onError}, with {@link IOException}s mapped to {@link NodeToolIOException} (and timeouts to
 *       {@link NodeToolTimeoutException}); {@link NodeToolException}s pass unchanged;
 *   <li>idle timeout: see below → {@code onError(NodeToolTimeoutException)} at once, without
 *       demand, dropping undelivered items;
 *   <li>{@code request(n)} with {@code n <= 0} → {@code onError(IllegalArgumentException)} (§3.9);
 *   <li>executor rejection: the drain task cannot be scheduled → the source is released and the
 *       subscriber receives ({@code onSubscribe} if not yet delivered, then)
 *       {@code onError(RejectedExecutionException)} on the thread that tried to schedule;
 *   <li>a subscriber method throws (a §2.13 violation): the subscription is considered cancelled,
 *       the source is released at once, the exception is passed to
 *       {@link FlowOptions#subscriberErrorHook()}, and, so that a subscriber that waits for a
 *       terminal signal never hangs, it is offered once to {@code onError} (unless the throwing
 *       method was {@code onComplete}/{@code onError} themselves); an exception from that
 *       {@code onError} goes to the hook only.
 * </ul>
 * The source is released (pull: {@link Source#close()}; push: the release hook) exactly once, on
 * every path, before the terminal signal is delivered. After termination or cancellation the
 * publisher drops its reference to the subscriber (§3.13).
 *
 * <h2>Cancellation</h2>
 * {@code cancel()} closes the source on the calling thread, which unblocks a read in progress
 * (the read's resulting exception is discarded), and stops all signals; an item that was being
 * read is dropped. Cancelling does not cancel the job on the server.
 *
 * <h2>Idle timeout</h2>
 * With {@link FlowOptions#idleTimeout()} set, the stream fails when the publisher has been
 * waiting on the server for that long without any activity. Activity is an item, or a heartbeat
 * (pull: the {@code Runnable} given to {@link Source.Opener#open}, e.g. called by a decoder when
 * bytes or an SSE comment arrive; push: {@link PushPublisher#heartbeat()}). The clock runs only
 * while waiting on the server: for a pull source while {@code open} or {@code next} is in progress
 * (so a subscriber that simply stops requesting never times out), for push from subscription
 * until the transport closes the input. On expiry the source is closed (unblocking the read).
 *
 * <p>This class stays above 500 lines on purpose: demand, cancellation, the idle timer and every
 * terminal path are one state machine run by one serialized drain loop, and splitting that loop
 * over several classes would scatter invariants that must be read (and TCK-checked) together.
 *
 * @param <T> the item type
 */
public abstract class StreamPublisher<T> implements Flow.Publisher<T> {

    /** Items delivered by one drain task before it resubmits itself to the executor. */
    private static final int MAX_BURST = 256;

    /**
     * The same for pull mode, whose drain task blocks its thread in reads anyway: resubmitting every 256
     * items only moved the stream from one pool thread to another (a thread wake-up each time, which on a
     * loaded machine waits for a core); a pull stream yields rarely, but still yields.
     */
    static final int PULL_BURST = 16_384;

    private static final System.Logger LOG = System.getLogger(StreamPublisher.class.getName());

    /** {@link #poll} result: nothing available now; wait for the next signal. */
    static final Object NONE = new Object();

    /** {@link #poll} result: the input ended normally. */
    static final Object END = new Object();

    /** {@link #poll} result: the input failed. */
    static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }

    private final String name;
    private final Function<? super T, Termination> terminalRule;
    private final Executor executor;
    private final ThreadPoolExecutor ownedExecutor;
    private final ScheduledExecutorService configuredScheduler;
    private final long idleTimeoutNanos;
    private final Consumer<Throwable> subscriberErrorHook;
    private final Flow.Subscription subscription = new StreamSubscription();
    private final Runnable drainTask = this::drain;
    private final int maxBurst = maxBurst();

    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicReference<Throwable> urgentError = new AtomicReference<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Flow.Subscriber<? super T> downstream;
    private volatile boolean cancelled;
    private volatile boolean active; // set once the subscriber is in place
    private volatile long lastActivity;
    private volatile ScheduledExecutorService ownedScheduler;
    private volatile ScheduledFuture<?> idleCheck;
    private volatile LongSupplier nanoClock = System::nanoTime;

    // Touched only by the current owner of the drain (the holder of wip's 0 -> 1 transition).
    private long emitted;
    private boolean started;
    private boolean done;

    StreamPublisher(Function<? super T, Termination> terminalRule, FlowOptions options) {
        this.terminalRule = terminalRule == null ? item -> null : terminalRule;
        Objects.requireNonNull(options, "options");
        this.name = options.name();
        if (options.executor() != null) {
            this.executor = options.executor();
            this.ownedExecutor = null;
        } else {
            // Core size 0: the thread exists only while there is work, and shutdown() at the end
            // of the stream guarantees it does not outlive it.
            this.ownedExecutor = new ThreadPoolExecutor(
                    0,
                    1,
                    1,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    new DaemonThreadFactory("nodetool-" + name));
            this.executor = ownedExecutor;
        }
        this.configuredScheduler = options.scheduler();
        Duration idle = options.idleTimeout();
        this.idleTimeoutNanos = idle == null ? 0 : idle.toNanos();
        this.subscriberErrorHook = options.subscriberErrorHook() != null
                ? options.subscriberErrorHook()
                : t -> LOG.log(
                        System.Logger.Level.WARNING,
                        "Subscriber of stream '" + name + "' threw (Reactive Streams rule 2.13)",
                        t);
    }

    /**
     * Creates a publisher that reads from a blocking source, only as fast as its subscriber requests.
     *
     * @param opener opens the source after subscription, on the executor; called at most once
     * @param terminalRule decides whether an item ends the stream; {@code null} for none
     * @param options executor, idle timeout, hooks
     * @param <T> the item type
     * @return a cold, single-subscriber publisher
     */
    public static <T> StreamPublisher<T> pull(
            Source.Opener<T> opener, Function<? super T, Termination> terminalRule, FlowOptions options) {
        return new PullPublisher<>(opener, terminalRule, options);
    }

    /**
     * Creates a publisher fed by {@link PushPublisher#offer} into a buffer of {@code capacity} items.
     *
     * @param capacity how many undelivered items are buffered before the stream fails, at least 1
     * @param terminalRule decides whether an item ends the stream; {@code null} for none
     * @param onRelease run once when the stream ends or is cancelled (e.g. to unregister the job
     *     from the WebSocket router), possibly on the cancelling thread; {@code null} for none
     * @param options executor, idle timeout, hooks
     * @param <T> the item type
     * @return a single-subscriber publisher that buffers until subscribed
     */
    public static <T> PushPublisher<T> push(
            int capacity, Function<? super T, Termination> terminalRule, Runnable onRelease, FlowOptions options) {
        return new PushPublisher<>(capacity, terminalRule, onRelease, options, null);
    }

    /**
     * Creates a push publisher whose {@link PushPublisher#offer} waits for room instead of failing
     * the stream once a subscriber is in place; see {@link PushPublisher} and {@link PushBack}.
     *
     * @param capacity how many undelivered items are buffered before the producer waits, at least 1
     * @param pushBack the waiting policy (pre-subscription byte budget, when to stop waiting,
     *     producer-thread delivery)
     * @param terminalRule decides whether an item ends the stream; {@code null} for none
     * @param onRelease run once when the stream ends or is cancelled; {@code null} for none
     * @param options executor, idle timeout, hooks
     * @param <T> the item type
     * @return a single-subscriber publisher that buffers until subscribed
     */
    public static <T> PushPublisher<T> pushBack(
            int capacity,
            PushBack pushBack,
            Function<? super T, Termination> terminalRule,
            Runnable onRelease,
            FlowOptions options) {
        return new PushPublisher<>(capacity, terminalRule, onRelease, options, Objects.requireNonNull(pushBack));
    }

    // ---- what a feeding mode provides -------------------------------------------------------

    /**
     * Called only by the drain owner. Returns an item, {@link #NONE}, {@link #END} or a
     * {@link Failure}. May block (pull) only when {@code demand} is true or to open the source.
     */
    abstract Object poll(boolean demand);

    /** Releases the input (closes the source). Called exactly once, from any thread. */
    abstract void releaseUpstream();

    /** Whether the publisher is now waiting on the server, so that idle time counts. */
    abstract boolean idleClockRunning();

    /** Items one drain task delivers before it resubmits itself; called once, from the constructor. */
    int maxBurst() {
        return MAX_BURST;
    }

    // ---- helpers for the feeding modes ------------------------------------------------------

    /** Records activity from the server; resets the idle timeout. Cheap; any thread. */
    final void touch() {
        if (idleTimeoutNanos > 0) { // no clock read per item when there is no idle timeout to feed
            lastActivity = nanoClock.getAsLong();
        }
    }

    /** Tests only: replaces the clock the idle timeout reads; call before subscribing. */
    final void useClock(LongSupplier clock) {
        this.nanoClock = Objects.requireNonNull(clock, "clock");
    }

    /** Fails the stream as soon as the drain runs, without waiting for demand. */
    final void failUrgently(Throwable error) {
        if (urgentError.compareAndSet(null, error)) {
            release();
        }
        signal();
    }

    /** Applies the terminal rule (push uses it to reserve room for a terminal item). */
    final Termination terminationOf(T item) {
        return terminalRule.apply(item);
    }

    /**
     * Wakes the drain: runs it unless it is running, in which case it loops once more. Before
     * subscription it does nothing: subscribe() signals once the subscriber is in place, and the
     * drain then sees everything that happened before.
     */
    final void signal() {
        if (active && wip.getAndIncrement() == 0) {
            schedule();
        }
    }

    /**
     * Like {@link #signal()}, but when nobody is draining, the calling (producer) thread runs the
     * drain itself instead of handing it to the executor: the producer-thread fast path. The drain
     * is the same serialized loop (ownership by {@code wip}), so signals stay serial (§1.3), and a
     * {@code request} from within {@code onNext} only bumps {@code wip} (no recursion, §3.3). The
     * loop still hands itself to the executor after a burst. Must not be called while holding a
     * lock the subscriber could need.
     */
    final void signalHere() {
        if (active && wip.getAndIncrement() == 0) {
            drain();
        }
    }

    /** @return true once a subscriber has subscribed (whether or not it has cancelled since) */
    final boolean hasSubscriber() {
        return active;
    }

    final String name() {
        return name;
    }

    // ---- Publisher --------------------------------------------------------------------------

    /**
     * Subscribes the single subscriber; see the class documentation.
     *
     * @throws NullPointerException if {@code subscriber} is null (§1.9)
     */
    @Override
    public final void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            rejectSecondSubscriber(subscriber);
            return;
        }
        downstream = subscriber;
        active = true;
        startIdleTimer();
        signal();
    }

    private void rejectSecondSubscriber(Flow.Subscriber<? super T> subscriber) {
        try {
            subscriber.onSubscribe(NoopSubscription.INSTANCE);
        } catch (Throwable t) {
            subscriberErrorHook.accept(t);
            return;
        }
        try {
            subscriber.onError(new IllegalStateException(
                    "stream '" + name + "' has already been subscribed; it supports a single subscriber"));
        } catch (Throwable t) {
            subscriberErrorHook.accept(t);
        }
    }

    // ---- drain ------------------------------------------------------------------------------

    private void schedule() {
        try {
            executor.execute(drainTask);
        } catch (RuntimeException rejected) {
            // We own the drain (wip > 0) but cannot run it where configured: end the stream here.
            failInline(rejected);
        }
    }

    private void failInline(RuntimeException rejection) {
        if (done) {
            return;
        }
        if (!ensureStarted()) {
            return;
        }
        if (cancelled) {
            finishCancelled();
        } else {
            terminate(rejection);
        }
    }

    /**
     * Delivers onSubscribe once, before any other signal, on whichever thread first owns the drain.
     *
     * @return false when the subscriber threw from onSubscribe: the stream has then ended
     */
    private boolean ensureStarted() {
        if (!started) {
            started = true;
            Flow.Subscriber<? super T> s = downstream;
            if (s != null) {
                try {
                    s.onSubscribe(subscription);
                } catch (Throwable t) {
                    subscriberFailed(t);
                    return false;
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        int missed = 1;
        int burst = 0;
        for (; ; ) {
            if (done) {
                return;
            }
            if (!ensureStarted()) {
                return;
            }
            if (checkTerminated()) {
                return;
            }
            Object polled;
            try {
                polled = poll(emitted != requested.get());
            } catch (Throwable t) {
                polled = new Failure(t);
            }
            // Re-check: a cancel or idle timeout during a blocked read closed the source, and the
            // read's own exception must not be what the subscriber sees.
            if (checkTerminated()) {
                return;
            }
            if (polled == NONE) {
                missed = wip.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
                continue;
            }
            if (polled == END) {
                terminate(null);
                return;
            }
            if (polled instanceof Failure) {
                terminate(mapSourceError(((Failure) polled).error));
                return;
            }
            T item = (T) polled;
            emitted++;
            Flow.Subscriber<? super T> s = downstream;
            if (s == null) {
                finishCancelled();
                return;
            }
            try {
                s.onNext(item);
            } catch (Throwable t) {
                subscriberFailed(t);
                return;
            }
            Termination verdict;
            try {
                verdict = terminalRule.apply(item);
            } catch (Throwable t) {
                terminate(t);
                return;
            }
            if (verdict != null) {
                terminate(verdict.error());
                return;
            }
            if (++burst >= maxBurst) {
                // Still owning the drain (wip > 0): continue in a fresh task, letting other streams
                // sharing the executor run. Starting that task with missed = 1 is safe since wip >= 1.
                schedule();
                return;
            }
        }
    }

    /** Handles cancellation and urgent errors; true if the stream is now finished. */
    private boolean checkTerminated() {
        if (cancelled) {
            finishCancelled();
            return true;
        }
        Throwable urgent = urgentError.get();
        if (urgent != null) {
            terminate(urgent);
            return true;
        }
        return false;
    }

    /** Ends the stream with onComplete (error null) or onError. Drain owner only. */
    private void terminate(Throwable error) {
        done = true;
        release();
        Flow.Subscriber<? super T> s = downstream;
        downstream = null;
        if (s != null && !cancelled) {
            try {
                if (error == null) {
                    s.onComplete();
                } else {
                    s.onError(error);
                }
            } catch (Throwable t) {
                subscriberErrorHook.accept(t);
            }
        }
        shutdownOwnedThreads();
    }

    private void finishCancelled() {
        done = true;
        release();
        downstream = null;
        shutdownOwnedThreads();
    }

    /** A subscriber method threw (§2.13): treat as cancelled, report, offer onError once. */
    private void subscriberFailed(Throwable thrown) {
        done = true;
        boolean wasCancelled = cancelled;
        cancelled = true;
        release();
        subscriberErrorHook.accept(thrown);
        Flow.Subscriber<? super T> s = downstream;
        downstream = null;
        if (s != null && !wasCancelled) {
            try {
                s.onError(thrown);
            } catch (Throwable t) {
                if (t != thrown) {
                    subscriberErrorHook.accept(t);
                }
            }
        }
        shutdownOwnedThreads();
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            ScheduledFuture<?> check = idleCheck;
            if (check != null) {
                check.cancel(false);
            }
            try {
                releaseUpstream();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, "Releasing stream '" + name + "' failed", t);
            }
        }
    }

    private void shutdownOwnedThreads() {
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        ScheduledExecutorService timer = ownedScheduler;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static Throwable mapSourceError(Throwable error) {
        if (error instanceof NodeToolException) {
            return error;
        }
        if (error instanceof InterruptedIOException) {
            return new NodeToolTimeoutException(
                    NodeToolTimeoutException.Kind.READ, "Timed out reading the stream: " + error.getMessage(), error);
        }
        if (error instanceof IOException) {
            return new NodeToolIOException("Reading the stream failed: " + error, error);
        }
        return error;
    }

    // ---- idle timeout -----------------------------------------------------------------------

    private void startIdleTimer() {
        if (idleTimeoutNanos <= 0) {
            return;
        }
        touch();
        if (configuredScheduler == null) {
            ScheduledThreadPoolExecutor timer =
                    new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("nodetool-" + name + "-idle"));
            timer.setRemoveOnCancelPolicy(true);
            ownedScheduler = timer;
        }
        scheduleIdleCheck(idleTimeoutNanos);
    }

    private void scheduleIdleCheck(long delayNanos) {
        ScheduledExecutorService timer = configuredScheduler != null ? configuredScheduler : ownedScheduler;
        try {
            idleCheck = timer.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (!released.get()) {
                failUrgently(e);
            }
            return;
        }
        if (released.get()) {
            idleCheck.cancel(false);
        }
    }

    /** Runs on the idle timer; package-private so tests can run a check at a chosen instant. */
    void checkIdle() {
        if (released.get()) {
            return;
        }
        if (!idleClockRunning()) {
            scheduleIdleCheck(idleTimeoutNanos);
            return;
        }
        long idle = nanoClock.getAsLong() - lastActivity;
        if (idle >= idleTimeoutNanos) {
            failUrgently(new NodeToolTimeoutException(
                    NodeToolTimeoutException.Kind.IDLE,
                    "Idle timeout: no data from the server on stream '" + name + "' for "
                            + Duration.ofNanos(idleTimeoutNanos),
                    null));
        } else {
            scheduleIdleCheck(idleTimeoutNanos - idle);
        }
    }

    // ---- Subscription -----------------------------------------------------------------------

    private final class StreamSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                urgentError.compareAndSet(
                        null,
                        new IllegalArgumentException(
                                "Reactive Streams rule 3.9: request(n) must be positive, was " + n));
                signal();
                return;
            }
            for (; ; ) {
                long current = requested.get();
                long next = current + n;
                if (next < 0) {
                    next = Long.MAX_VALUE; // §3.17: saturate; Long.MAX_VALUE is effectively unbounded
                }
                if (current == Long.MAX_VALUE || requested.compareAndSet(current, next)) {
                    break;
                }
            }
            signal();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            downstream = null;
            // Close here, not in the drain: the drain may be blocked in a read that only this unblocks.
            release();
            signal();
        }
    }

    private enum NoopSubscription implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
