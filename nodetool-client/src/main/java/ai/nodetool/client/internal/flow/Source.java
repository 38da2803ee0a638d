package ai.nodetool.client.internal.flow;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * A blocking, pull-based stream of items: what an HTTP response body becomes once a decoder sits
 * on it. {@link StreamPublisher#pull} turns a source into a {@link java.util.concurrent.Flow.Publisher}
 * that calls {@link #next()} only while its subscriber has outstanding demand.
 *
 * <p>Threading: {@code next()} is called by one thread at a time. {@link #close()} may be called
 * from any other thread while {@code next()} is blocked, and must then make {@code next()} return
 * or throw promptly (closing the underlying socket or stream does that). {@code close()} must be
 * idempotent.
 *
 * @param <T> the item type, never {@code null}
 */
public interface Source<T> extends Closeable {

    /**
     * Blocks until the next item is available.
     *
     * @return the next item, or {@code null} at the end of the stream
     * @throws IOException when reading fails (including because {@link #close()} was called)
     * @throws RuntimeException for malformed input, typically a
     *     {@link ai.nodetool.client.errors.NodeToolProtocolException}
     */
    T next() throws IOException;

    /**
     * Releases the underlying resource (the HTTP connection). Idempotent; callable from any thread,
     * concurrently with a blocked {@link #next()}, which it unblocks.
     */
    @Override
    void close() throws IOException;

    /**
     * Returns a source whose items are this source's items passed through {@code mapper}
     * (for example {@code MessageCodec::decode}). Closing the returned source closes this one.
     *
     * @param mapper applied on the reading thread; must not return {@code null}; exceptions it
     *     throws propagate from {@code next()}
     * @param <R> the mapped item type
     * @return the mapped source
     */
    default <R> Source<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        Source<T> self = this;
        return new Source<>() {
            @Override
            public R next() throws IOException {
                T item = self.next();
                return item == null ? null : Objects.requireNonNull(mapper.apply(item), "mapper returned null");
            }

            @Override
            public void close() throws IOException {
                self.close();
            }
        };
    }

    /**
     * Opens a source: makes the HTTP call and wraps its body in a decoder. Called at most once per
     * publisher, on the publisher's executor, when the subscriber subscribes (not before: the
     * publisher is cold).
     *
     * @param <T> the item type
     */
    @FunctionalInterface
    interface Opener<T> {
        /**
         * @param heartbeat call it (from any thread, cheaply, as often as wanted) whenever the
         *     connection shows life without producing an item (bytes arrived, an SSE comment);
         *     it resets the publisher's idle timeout
         * @return the opened source, never {@code null}
         * @throws Exception when opening fails; the subscriber receives it through {@code onError}
         *     (an {@link IOException} mapped to {@link ai.nodetool.client.errors.NodeToolIOException})
         */
        Source<T> open(Runnable heartbeat) throws Exception;

        /**
         * Called at most once, from any thread, when the publisher is released (cancel, idle
         * timeout, executor rejection) before a source was handed over: while {@link #open} is
         * blocked (it must then return or throw promptly, e.g. by cancelling the HTTP call) or
         * before it started (it should then not make the call at all). The default does nothing.
         */
        default void abort() {}
    }
}
