package ai.nodetool.client.internal.flow;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * How a {@link StreamPublisher} runs: where it delivers signals, how it measures idleness, and
 * where it reports subscribers that break the Reactive Streams rules. Immutable; use the
 * {@code with...} methods to derive variants from {@link #defaults()}.
 *
 * @param name a short label for thread names and messages (e.g. {@code "ndjson"}); never {@code null}
 * @param executor runs the publisher's serialized drain task, on which every subscriber signal
 *     is delivered and every blocking {@link Source#next()} happens; {@code null} means a
 *     per-stream daemon thread that ends when the stream terminates
 * @param scheduler times the idle timeout; {@code null} means a per-stream daemon timer thread,
 *     created only if an idle timeout is set, shut down when the stream terminates
 * @param idleTimeout fail the stream with {@link ai.nodetool.client.errors.NodeToolTimeoutException} when
 *     the publisher has waited this long for the server without any activity; {@code null} or
 *     zero disables it
 * @param subscriberErrorHook receives exceptions thrown by the subscriber's own methods
 *     (a Reactive Streams §2.13 violation); {@code null} means log them at WARNING through
 *     {@link System.Logger}
 */
public record FlowOptions(
        String name,
        Executor executor,
        ScheduledExecutorService scheduler,
        Duration idleTimeout,
        Consumer<Throwable> subscriberErrorHook) {

    /** Validates the arguments. */
    public FlowOptions {
        Objects.requireNonNull(name, "name");
        if (idleTimeout != null && idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
    }

    /**
     * @return per-stream daemon threads, no idle timeout, subscriber errors logged
     */
    public static FlowOptions defaults() {
        return new FlowOptions("stream", null, null, null, null);
    }

    /**
     * @param name label for thread names and messages
     * @return a copy with that name
     */
    public FlowOptions withName(String name) {
        return new FlowOptions(name, executor, scheduler, idleTimeout, subscriberErrorHook);
    }

    /**
     * @param executor delivery executor, {@code null} for a per-stream daemon thread
     * @return a copy with that executor
     */
    public FlowOptions withExecutor(Executor executor) {
        return new FlowOptions(name, executor, scheduler, idleTimeout, subscriberErrorHook);
    }

    /**
     * @param scheduler idle-timeout timer, {@code null} for a per-stream daemon timer thread
     * @return a copy with that scheduler
     */
    public FlowOptions withScheduler(ScheduledExecutorService scheduler) {
        return new FlowOptions(name, executor, scheduler, idleTimeout, subscriberErrorHook);
    }

    /**
     * @param idleTimeout the idle timeout, {@code null} or zero for none
     * @return a copy with that idle timeout
     */
    public FlowOptions withIdleTimeout(Duration idleTimeout) {
        return new FlowOptions(name, executor, scheduler, idleTimeout, subscriberErrorHook);
    }

    /**
     * @param hook receives exceptions thrown by subscriber methods, {@code null} to log them
     * @return a copy with that hook
     */
    public FlowOptions withSubscriberErrorHook(Consumer<Throwable> hook) {
        return new FlowOptions(name, executor, scheduler, idleTimeout, hook);
    }
}
