package ai.nodetool.client.internal.flow;

import ai.nodetool.client.errors.StreamOverflowException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Push feeding mode of {@link StreamPublisher}, for transports that hand over items as they read
 * them (OkHttp's WebSocket): the transport calls {@link #offer}, {@link #complete()} and
 * {@link #error(Throwable)} from its reader thread; the publisher delivers to the subscriber as
 * it requests, with all the semantics documented on {@link StreamPublisher}.
 *
 * <h2>Push-back ({@link StreamPublisher#pushBack})</h2>
 * Once a subscriber is in place, a non-terminal {@link #offer} that finds the buffer full
 * <em>waits</em> for room instead of failing the stream: the producer's thread is held, which for
 * OkHttp's WebSocket reader means that no further frame is read, and TCP slows the server down. The
 * wait ends when the subscriber's demand frees a slot, or, with {@code false}, when the input is
 * closed ({@link #complete()}, {@link #error}), the subscriber cancels, the stream terminates, the
 * {@link PushBack#stopWaiting()} condition turns true, or the thread is interrupted: it never
 * outlives the stream. Before anyone subscribes, nobody can free room, so the producer never waits
 * then: the buffer holds at most {@code capacity} items and {@link PushBack#unsubscribedBytes()}
 * bytes, and past either bound the stream fails with {@link StreamOverflowException} as in the
 * fail-fast mode below (a later subscriber receives that error). With
 * {@link PushBack#deliverOnProducer()}, an offer that finds nobody draining delivers on the
 * producer's thread itself (demand allowing) instead of handing the item to the executor.
 *
 * <h2>Buffer bound and overflow policy (fail-fast, {@link StreamPublisher#push})</h2>
 * Items offered but not yet delivered (before subscription, or beyond the subscriber's demand)
 * wait in a buffer of {@code capacity} items. One extra slot is reserved for a <em>terminal</em>
 * item (one for which the terminal rule returns a {@link Termination}), so a full buffer never
 * causes the item that ends the job to be lost. Offering a non-terminal item to a full buffer
 * fails the stream: the buffered items are discarded, the subscriber receives
 * {@code onError(}{@link StreamOverflowException}{@code )} as soon as possible (without waiting
 * for demand, even before it subscribes if it has not yet), the release hook runs, and every later
 * offer is refused. {@link #complete()} and {@link #error(Throwable)} are never refused for lack of
 * room: they are delivered after the items already buffered. Nothing is ever dropped silently:
 * {@link #offer} returns {@code false} for every item it does not accept.
 *
 * @param <T> the item type
 */
public final class PushPublisher<T> extends StreamPublisher<T> {

    /** Longest single wait of a pushed-back offer before it re-checks {@link PushBack#stopWaiting()}. */
    public static final long WAIT_SLICE_MILLIS = 50;

    private final Object lock = new Object();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final int capacity;
    private final Runnable onRelease;
    private final PushBack pushBack; // null: fail-fast
    private Object pendingTerminal; // END or Failure; guarded by lock
    private volatile boolean inputClosed; // written under lock
    private int waiters; // offers waiting for room; guarded by lock
    private long unsubscribedBytes; // weight buffered before subscription; guarded by lock
    private volatile boolean waiting;

    PushPublisher(
            int capacity,
            Function<? super T, Termination> terminalRule,
            Runnable onRelease,
            FlowOptions options,
            PushBack pushBack) {
        super(terminalRule, options);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.onRelease = onRelease;
        this.pushBack = pushBack;
    }

    /**
     * Adds an item for delivery, of weight 0; see {@link #offer(Object, long, boolean)}.
     *
     * @param item the item, not {@code null}
     * @return {@code true} if accepted
     */
    public boolean offer(T item) {
        return offer(item, 0, true);
    }

    /**
     * Adds an item for delivery. Fail-fast mode never blocks; push-back mode may wait for room
     * (see the class documentation). Counts as activity for the idle timeout.
     *
     * @param item the item, not {@code null}
     * @param weight its size in bytes, counted against {@link PushBack#unsubscribedBytes()} while
     *     nobody has subscribed (ignored in fail-fast mode)
     * @param deliverHere whether this call may deliver on the calling thread (push-back mode with
     *     {@link PushBack#deliverOnProducer()} only); pass {@code false} while holding a lock
     *     the subscriber might need
     * @return {@code true} if accepted; {@code false} if the input is closed (after a terminal item,
     *     {@code complete}, {@code error}, cancellation or termination), the item overflowed the
     *     buffer, which has just failed the stream, or a pushed-back wait was given up
     * @throws NullPointerException if {@code item} is null
     */
    public boolean offer(T item, long weight, boolean deliverHere) {
        Objects.requireNonNull(item, "item");
        boolean terminal = terminationOf(item) != null;
        boolean overflow = false;
        synchronized (lock) {
            for (; ; ) {
                if (inputClosed) {
                    return false;
                }
                boolean subscribed = hasSubscriber();
                if (terminal || (buffer.size() < capacity && fitsUnsubscribed(subscribed, weight))) {
                    buffer.add(item);
                    if (!subscribed && pushBack != null) {
                        unsubscribedBytes += weight;
                    }
                    if (terminal) {
                        inputClosed = true; // nothing after the terminal item belongs to this stream
                    }
                    break;
                }
                if (pushBack == null || !subscribed) {
                    overflow = true;
                    inputClosed = true;
                    buffer.clear();
                    break;
                }
                if (!awaitRoom()) {
                    return false;
                }
            }
        }
        if (overflow) {
            failUrgently(new StreamOverflowException(
                    "Stream '" + name() + "' overflowed: more than " + capacity
                            + (pushBack == null
                                    ? " messages were waiting for the subscriber (fail-fast overflow policy);"
                                            + " request more, or configure a larger buffer"
                                    : " messages (or " + pushBack.unsubscribedBytes() + " bytes) arrived before"
                                            + " anyone subscribed; subscribe before the job produces that much"),
                    capacity));
            return false;
        }
        touch();
        if (deliverHere && pushBack != null && pushBack.deliverOnProducer()) {
            signalHere();
        } else {
            signal();
        }
        return true;
    }

    private boolean fitsUnsubscribed(boolean subscribed, long weight) {
        return subscribed || pushBack == null || unsubscribedBytes + weight <= pushBack.unsubscribedBytes();
    }

    /** Waits (holding {@code lock}) for room; false when the wait must be given up. */
    private boolean awaitRoom() {
        BooleanSupplier stop = pushBack.stopWaiting();
        if (stop != null && stop.getAsBoolean()) {
            return false;
        }
        waiters++;
        waiting = true;
        try {
            lock.wait(WAIT_SLICE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiters--;
            waiting = waiters > 0;
        }
    }

    /** @return true while an {@link #offer} is waiting for room (push-back mode) */
    public boolean isPushingBack() {
        return waiting;
    }

    /**
     * Ends the input normally: after the buffered items the subscriber receives {@code onComplete}.
     * Ignored if the input is already closed.
     */
    public void complete() {
        closeInput(END);
    }

    /**
     * Ends the input with a failure: after the buffered items the subscriber receives
     * {@code onError} ({@link java.io.IOException}s mapped to
     * {@link ai.nodetool.client.errors.NodeToolIOException}). Ignored if the input is already closed.
     *
     * @param error the failure, not {@code null}
     */
    public void error(Throwable error) {
        closeInput(new Failure(Objects.requireNonNull(error, "error")));
    }

    /** Records server activity that carried no item (e.g. a ping frame); resets the idle timeout. */
    public void heartbeat() {
        touch();
    }

    /**
     * @return the number of items waiting for demand
     */
    public int buffered() {
        synchronized (lock) {
            return buffer.size();
        }
    }

    /**
     * @return the configured capacity (excluding the slot reserved for a terminal item)
     */
    public int capacity() {
        return capacity;
    }

    private void closeInput(Object terminal) {
        synchronized (lock) {
            if (inputClosed) {
                return;
            }
            inputClosed = true;
            pendingTerminal = terminal;
            wakeWaiters();
        }
        signal();
    }

    @Override
    Object poll(boolean demand) {
        synchronized (lock) {
            if (buffer.isEmpty()) {
                return pendingTerminal != null ? pendingTerminal : NONE;
            }
            if (!demand) {
                return NONE;
            }
            T item = buffer.poll();
            wakeWaiters();
            return item;
        }
    }

    @Override
    void releaseUpstream() {
        synchronized (lock) {
            inputClosed = true;
            buffer.clear();
            wakeWaiters();
        }
        if (onRelease != null) {
            onRelease.run();
        }
    }

    private void wakeWaiters() {
        // Guarded by lock.
        if (waiters > 0) {
            lock.notifyAll();
        }
    }

    @Override
    boolean idleClockRunning() {
        return !inputClosed;
    }
}
