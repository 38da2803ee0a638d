package ai.nodetool.client.internal.flow;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Pull feeding mode of {@link StreamPublisher}: reads a blocking {@link Source} on the drain task,
 * one item per unit of demand and never ahead of it.
 */
final class PullPublisher<T> extends StreamPublisher<T> {

    /** Marks the source slot once released; a source opened after that is closed at once. */
    private static final Object CLOSED = new Object();

    private final Source.Opener<T> opener;
    private final AtomicReference<Object> source = new AtomicReference<>();
    private final Runnable heartbeat = this::touch;
    private volatile boolean waiting;

    PullPublisher(Source.Opener<T> opener, Function<? super T, Termination> terminalRule, FlowOptions options) {
        super(terminalRule, options);
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    @SuppressWarnings("unchecked")
    Object poll(boolean demand) {
        Object current = source.get();
        if (current == CLOSED) {
            return NONE; // released: the drain is about to see why (cancel, timeout, end)
        }
        Source<T> src = (Source<T>) current;
        if (src == null) {
            beginWaiting();
            try {
                src = opener.open(heartbeat);
            } catch (Throwable t) {
                return new Failure(t);
            } finally {
                waiting = false;
            }
            if (src == null) {
                return new Failure(new NullPointerException("Source.Opener returned null"));
            }
            if (!source.compareAndSet(null, src)) {
                closeQuietly(src); // released while opening
                return NONE;
            }
        }
        if (!demand) {
            return NONE;
        }
        beginWaiting();
        try {
            T item = src.next();
            return item == null ? END : item;
        } catch (Throwable t) {
            return new Failure(t);
        } finally {
            waiting = false;
        }
    }

    private void beginWaiting() {
        touch();
        waiting = true;
    }

    @Override
    void releaseUpstream() {
        Object previous = source.getAndSet(CLOSED);
        if (previous instanceof Source) {
            closeQuietly((Source<?>) previous);
        } else if (previous == null) {
            // Not opened yet, or open() is blocked (an HTTP call waiting for its response head):
            // let the opener give up, or a cancel would wait for the server to answer.
            try {
                opener.abort();
            } catch (RuntimeException ignored) {
                // Best effort, like closing.
            }
        }
    }

    @Override
    int maxBurst() {
        return PULL_BURST;
    }

    @Override
    boolean idleClockRunning() {
        return waiting;
    }

    private static void closeQuietly(Source<?> src) {
        try {
            src.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing is best effort: the stream is over either way.
        }
    }
}
