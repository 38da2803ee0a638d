package ai.nodetool.client.internal.session;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The session's one thread: a single daemon timer ({@code nodetool-ws-session-N-…}) that runs
 * reconnect delays, reply deadlines and terminal-grace timers. Stopped by {@link #shutdown()} when
 * the session ends; a task scheduled after that is dropped.
 *
 * <p>Lock: none of its own (the executor is thread-safe). Called from any thread.
 */
final class SessionTimer {
    private static final AtomicInteger SESSION_IDS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;

    SessionTimer() {
        String prefix = "nodetool-ws-session-" + SESSION_IDS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * @param task what to run on the timer thread
     * @param delay how long from now
     * @return the scheduled task, or null when the timer is stopped (the session ended)
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    /** Stops the thread; pending tasks are dropped. */
    void shutdown() {
        executor.shutdownNow();
    }
}
