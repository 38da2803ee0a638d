package ai.nodetool.client.streaming;

import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.messages.JobMessage;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A run's messages as a plain blocking {@link Iterator}, for a loop instead of a subscriber:
 *
 * <pre>{@code
 * try (MessageIterator messages = client.workflows().stream(id, params).iterator()) {
 *     while (messages.hasNext()) {
 *         JobMessage m = messages.next();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>On demand.</b> It subscribes when created and requests {@link #DEFAULT_PREFETCH} messages
 *       ahead at most (refilled as they are taken), so at most that many wait in memory and a slow
 *       loop slows the server down as a slow subscriber does.
 *   <li><b>Blocking.</b> {@link #hasNext()} waits for the next message or the end. It waits without
 *       holding a monitor, so it suits virtual threads (docs/production.md, "Virtual threads").
 *   <li><b>Errors.</b> When the run fails, the messages before the failure (the failing terminal
 *       update included) are returned first, then {@code hasNext()} throws the stream's exception:
 *       the unchecked {@link NodeToolException} subclass the subscriber's {@code onError} would
 *       have received ({@code JobFailedException}, {@code JobCancelledException},
 *       {@code NodeToolIOException}, ...). It throws the same exception again if called again.
 *   <li><b>Early close.</b> {@link #close()} before the end cancels the run: for a
 *       {@link JobStream} the HTTP call is closed, for a WebSocket {@code JobHandle} {@code cancel_job}
 *       is sent. Use try-with-resources, so that a {@code break}, a {@code return} or an exception
 *       in the loop cancels the run. After the end, {@code close()} does nothing.
 *   <li><b>Interruptible.</b> An interrupt while {@code hasNext()} waits closes the iterator (so
 *       the run is cancelled) and throws {@link NodeToolIOException} with the interrupt flag set
 *       again.
 * </ul>
 *
 * <p>One thread iterates at a time (as with any iterator); {@link #close()} may be called from any
 * thread and wakes a waiting {@code hasNext()}, which then returns false.
 */
public final class MessageIterator implements Iterator<JobMessage>, AutoCloseable {
    /** Messages requested ahead of the loop at most. */
    public static final int DEFAULT_PREFETCH = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JobMessage> buffer = new ArrayDeque<>();
    private final int prefetch;
    private final int refillAt;
    private final Runnable cancelRun;
    private Flow.Subscription subscription; // guarded by lock
    private boolean ended; // guarded by lock: onComplete or onError arrived
    private Throwable error; // guarded by lock
    private boolean closed; // guarded by lock
    private int taken; // taken since the last request; iterating thread only

    private MessageIterator(int prefetch, Runnable cancelRun) {
        this.prefetch = prefetch;
        this.refillAt = Math.max(1, prefetch / 2);
        this.cancelRun = cancelRun;
    }

    /**
     * Subscribes to {@code publisher} and returns the iterator over what it publishes. The SDK's
     * streams offer this as {@code JobStream.iterator()} and {@code JobHandle.iterator()}; use this
     * directly for another publisher of messages.
     *
     * @param publisher a single-use publisher of messages (subscribed now)
     * @param prefetch messages requested ahead at most, at least 1
     * @param cancelRun what {@link #close()} does, besides cancelling the subscription, when the
     *     publisher has not ended yet (e.g. cancel the run on the server)
     * @return the iterator
     */
    public static MessageIterator of(Flow.Publisher<? extends JobMessage> publisher, int prefetch, Runnable cancelRun) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(cancelRun, "cancelRun");
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        MessageIterator it = new MessageIterator(prefetch, cancelRun);
        publisher.subscribe(it.new Receiver());
        return it;
    }

    /**
     * @return true when another message is there (waiting for it if needed); false at the end of a
     *     completed run or after {@link #close()}
     * @throws NodeToolException how the run or its stream failed, once its messages were returned
     * @throws NodeToolIOException when interrupted while waiting (the run is then cancelled)
     */
    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (buffer.isEmpty() && !ended && !closed) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    lock.unlock();
                    try {
                        close();
                    } finally {
                        lock.lock();
                    }
                    Thread.currentThread().interrupt();
                    InterruptedIOException cause = new InterruptedIOException("interrupted");
                    cause.initCause(e);
                    throw new NodeToolIOException("Interrupted while waiting for the next message", cause);
                }
            }
            if (!buffer.isEmpty()) {
                return !closed;
            }
            if (error != null && !closed) {
                throw rethrowable(error);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private static RuntimeException rethrowable(Throwable error) {
        if (error instanceof RuntimeException) {
            return (RuntimeException) error;
        }
        if (error instanceof Error) {
            throw (Error) error;
        }
        return new NodeToolException(String.valueOf(error.getMessage()), error);
    }

    /**
     * @return the next message
     * @throws NoSuchElementException at the end
     * @throws NodeToolException as {@link #hasNext()}
     */
    @Override
    public JobMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Flow.Subscription refill = null;
        JobMessage m;
        lock.lock();
        try {
            m = buffer.removeFirst();
            if (++taken >= refillAt && !ended) {
                refill = subscription;
            }
        } finally {
            lock.unlock();
        }
        if (refill != null) {
            long n = taken;
            taken = 0;
            refill.request(n); // outside the lock: the publisher may deliver on this thread
        }
        return m;
    }

    /**
     * @return the remaining messages as a sequential {@link Stream}; closing the stream closes this
     *     iterator (use it in try-with-resources too)
     */
    public Stream<JobMessage> stream() {
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /**
     * Ends the iteration. Before the publisher ended, this cancels the subscription and the run
     * (see the class documentation); after it, it only drops buffered messages. Idempotent, from any
     * thread.
     */
    @Override
    public void close() {
        Flow.Subscription s;
        boolean early;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            early = !ended;
            s = subscription;
            buffer.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (early) {
            if (s != null) {
                s.cancel();
            }
            cancelRun.run();
        }
    }

    /** The subscriber side; its signals are serialized by the publisher. */
    private final class Receiver implements Flow.Subscriber<JobMessage> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean cancel;
            lock.lock();
            try {
                cancel = closed || subscription != null;
                if (!cancel) {
                    subscription = s;
                }
            } finally {
                lock.unlock();
            }
            if (cancel) {
                s.cancel();
            } else {
                s.request(prefetch);
            }
        }

        @Override
        public void onNext(JobMessage item) {
            lock.lock();
            try {
                if (!closed) {
                    buffer.addLast(item);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onError(Throwable t) {
            lock.lock();
            try {
                ended = true;
                error = t;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void onComplete() {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
