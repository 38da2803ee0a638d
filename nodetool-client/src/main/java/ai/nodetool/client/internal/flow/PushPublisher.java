package ai.nodetool.client.internal.flow;

import ai.nodetool.client.errors.StreamOverflowException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Function;

/**
 * Push feeding mode of {@link StreamPublisher}, for transports whose reads cannot be paused
 * (OkHttp's WebSocket): the transport calls {@link #offer}, {@link #complete()} and
 * {@link #error(Throwable)} from its reader thread; the publisher delivers to the subscriber as
 * it requests, with all the semantics documented on {@link StreamPublisher}.
 *
 * <h2>Buffer bound and overflow policy</h2>
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

    private final Object lock = new Object();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final int capacity;
    private final Runnable onRelease;
    private Object pendingTerminal; // END or Failure; guarded by lock
    private volatile boolean inputClosed; // written under lock

    PushPublisher(
            int capacity, Function<? super T, Termination> terminalRule, Runnable onRelease, FlowOptions options) {
        super(terminalRule, options);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.onRelease = onRelease;
    }

    /**
     * Adds an item for delivery. Never blocks. Counts as activity for the idle timeout.
     *
     * @param item the item, not {@code null}
     * @return {@code true} if accepted; {@code false} if the input is closed (after a terminal item,
     *     {@code complete}, {@code error}, cancellation or termination) or the item overflowed the
     *     buffer, which has just failed the stream
     * @throws NullPointerException if {@code item} is null
     */
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        boolean terminal = terminationOf(item) != null;
        boolean overflow = false;
        synchronized (lock) {
            if (inputClosed) {
                return false;
            }
            if (buffer.size() >= capacity && !terminal) {
                overflow = true;
                inputClosed = true;
                buffer.clear();
            } else {
                buffer.add(item);
                if (terminal) {
                    inputClosed = true; // nothing after the terminal item belongs to this stream
                }
            }
        }
        if (overflow) {
            failUrgently(new StreamOverflowException(
                    "Stream '" + name() + "' overflowed: more than " + capacity
                            + " messages were waiting for the subscriber (WebSocket reads cannot be paused);"
                            + " request more, or configure a larger buffer",
                    capacity));
            return false;
        }
        touch();
        signal();
        return true;
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
        }
        signal();
    }

    @Override
    Object poll(boolean demand) {
        synchronized (lock) {
            if (buffer.isEmpty()) {
                return pendingTerminal != null ? pendingTerminal : NONE;
            }
            return demand ? buffer.poll() : NONE;
        }
    }

    @Override
    void releaseUpstream() {
        synchronized (lock) {
            inputClosed = true;
            buffer.clear();
        }
        if (onRelease != null) {
            onRelease.run();
        }
    }

    @Override
    boolean idleClockRunning() {
        return !inputClosed;
    }
}
