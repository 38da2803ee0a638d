package ai.nodetool.client.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Completes futures on the client's callback executor, so that user stages never run on OkHttp's
 * reader thread or the session timer. When the executor refuses (the client is closing), completes
 * on the calling thread instead: a future is never left pending.
 *
 * <h2>Fewer hand-offs</h2>
 * Completions are queued and run by <em>pump</em> tasks on the executor, not one task each: a
 * completion submitted while a pump is already scheduled and not yet started rides along with it, so
 * a burst of completions (a thousand jobs ending close together on one session) costs a few
 * executor hand-offs and thread wake-ups instead of one per future (issue 15: the hand-offs were most
 * of the session's context switches). No completion waits behind a user stage that blocks: whenever
 * a pump starts a completion while others are queued, it makes sure another pump is scheduled, and a
 * completion queued while every pump is busy schedules one, so the queue is always drained by some
 * pump that is not running a user stage (as many threads as the old task-per-completion scheme at
 * worst, and the executor's own parallelism is kept).
 *
 * <p>Lock: none; a lock-free queue and one flag ({@code pending}: a pump is scheduled and has not
 * started yet). Called from any thread.
 */
final class Callbacks {
    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());

    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Runnable pump = this::pump;

    Callbacks(Executor executor) {
        this.executor = executor;
    }

    Executor executor() {
        return executor;
    }

    <T> void complete(CompletableFuture<T> f, T value) {
        submit(() -> f.complete(value));
    }

    <T> void fail(CompletableFuture<T> f, Throwable error) {
        submit(() -> f.completeExceptionally(error));
    }

    private void submit(Runnable completion) {
        queue.add(completion); // before the flag is read: a pump that clears it polls afterwards
        if (!schedulePump()) {
            pump(); // the client is closing: complete here rather than never
        }
    }

    /**
     * Schedules a pump unless one is scheduled and not yet started.
     *
     * @return false when the executor refused it (the caller drains the queue itself)
     */
    private boolean schedulePump() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            try {
                executor.execute(pump);
            } catch (RejectedExecutionException e) {
                pending.set(false);
                return false;
            }
        }
        return true;
    }

    private void pump() {
        pending.set(false); // before polling: a completion queued after this schedules a new pump
        Runnable next;
        while ((next = queue.poll()) != null) {
            if (!queue.isEmpty()) {
                // This completion runs user stages that may block: the rest must not wait for them.
                // (Refused when the client is closing: this pump then simply goes on with the rest.)
                schedulePump();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // CompletableFuture.complete does not throw; never let one completion lose the others.
                LOG.log(System.Logger.Level.WARNING, "Completing a session future failed", e);
            }
        }
    }
}
