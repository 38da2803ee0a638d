package ai.nodetool.client.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Completes futures on the client's callback executor, so that user stages never run on OkHttp's
 * reader thread or the session timer. When the executor refuses (the client is closing), completes
 * on the calling thread instead: a future is never left pending.
 *
 * <p>Lock: none (immutable). Called from any thread.
 */
final class Callbacks {
    private final Executor executor;

    Callbacks(Executor executor) {
        this.executor = executor;
    }

    Executor executor() {
        return executor;
    }

    <T> void complete(CompletableFuture<T> f, T value) {
        try {
            executor.execute(() -> f.complete(value));
        } catch (RejectedExecutionException e) {
            f.complete(value);
        }
    }

    <T> void fail(CompletableFuture<T> f, Throwable error) {
        try {
            executor.execute(() -> f.completeExceptionally(error));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(error);
        }
    }
}
