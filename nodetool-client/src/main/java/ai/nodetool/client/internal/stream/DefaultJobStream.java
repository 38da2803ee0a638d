package ai.nodetool.client.internal.stream;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.JobStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link JobStream} of one HTTP streamed run: wraps the run's publisher with the
 * single-subscriber rule, the listeners, cancellation before subscription and the
 * {@link #result()} future. The contract is documented on {@link JobStream}.
 */
final class DefaultJobStream implements JobStream {

    private final Flow.Publisher<JobMessage> publisher;
    private final Supplier<RunResult> finalResult;
    private final String description;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final ResultFuture result = new ResultFuture();
    private final List<Consumer<? super JobMessage>> listeners = new CopyOnWriteArrayList<>();
    private volatile Flow.Subscription upstream;
    private volatile boolean cancelRequested;

    /**
     * @param publisher the cold, single-subscriber publisher of the run's messages
     * @param finalResult the run's final result, asked once the publisher completed normally
     * @param description what the stream reads, e.g. {@code POST /api/workflows/x/run?stream=true}
     */
    DefaultJobStream(Flow.Publisher<JobMessage> publisher, Supplier<RunResult> finalResult, String description) {
        this.publisher = publisher;
        this.finalResult = finalResult;
        this.description = description;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super JobMessage> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            reject(
                    subscriber,
                    new IllegalStateException("The stream " + description
                            + " has already been subscribed; a JobStream supports a single subscriber"));
            return;
        }
        if (cancelRequested) {
            reject(subscriber, new CancellationException("The stream " + description + " was cancelled"));
            return;
        }
        publisher.subscribe(new Relay(subscriber, listenerSnapshot()));
    }

    /** Listeners are added only before subscription: the relay iterates a plain array, not the list. */
    @SuppressWarnings("unchecked")
    private Consumer<? super JobMessage>[] listenerSnapshot() {
        return (Consumer<? super JobMessage>[]) listeners.toArray(new Consumer<?>[0]);
    }

    private static void reject(Flow.Subscriber<? super JobMessage> subscriber, RuntimeException error) {
        subscriber.onSubscribe(NoopSubscription.INSTANCE);
        subscriber.onError(error);
    }

    @Override
    public JobStream onMessage(Consumer<? super JobMessage> listener) {
        Objects.requireNonNull(listener, "listener");
        if (subscribed.get()) {
            throw new IllegalStateException("Add listeners before subscribing to the stream (or calling result())");
        }
        listeners.add(listener);
        return this;
    }

    @Override
    public CompletableFuture<RunResult> result() {
        if (subscribed.compareAndSet(false, true)) {
            if (cancelRequested) {
                result.completeExceptionally(new CancellationException("The stream " + description + " was cancelled"));
            } else {
                publisher.subscribe(new Relay(new Drain(), listenerSnapshot()));
            }
        }
        return result;
    }

    @Override
    public RunResult await() {
        CompletableFuture<RunResult> future = result();
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            InterruptedIOException cause = new InterruptedIOException("interrupted");
            cause.initCause(e);
            throw new NodeToolIOException("Interrupted while waiting for the stream " + description, cause);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new CompletionException(cause);
        }
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        result.completeExceptionally(new CancellationException("The stream " + description + " was cancelled"));
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Tells {@code end} once when the stream ended, however (completed, failed, cancelled): the events of
     * docs/production.md.
     *
     * @param end gets the result, or the failure
     */
    void whenEnded(java.util.function.BiConsumer<RunResult, Throwable> end) {
        result.whenComplete(end);
    }

    @Override
    public String toString() {
        return "JobStream{" + description + "}";
    }

    /**
     * Runs listeners, tracks the subscription for cancel(), completes the result future. Drops its
     * subscriber on cancel and at the end (Reactive Streams §3.13: {@link #upstream} outlives both).
     */
    private final class Relay implements Flow.Subscriber<JobMessage> {
        private volatile Flow.Subscriber<? super JobMessage> downstream;
        private final Consumer<? super JobMessage>[] listeners;

        Relay(Flow.Subscriber<? super JobMessage> downstream, Consumer<? super JobMessage>[] listeners) {
            this.downstream = downstream;
            this.listeners = listeners;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            Flow.Subscription guarded = new Flow.Subscription() {
                @Override
                public void request(long n) {
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    downstream = null;
                    result.completeExceptionally(new CancellationException(
                            "The stream " + description + " was cancelled by its subscriber"));
                    subscription.cancel();
                }
            };
            upstream = guarded;
            if (cancelRequested) {
                subscription.cancel();
            }
            Flow.Subscriber<? super JobMessage> s = downstream;
            if (s != null) {
                s.onSubscribe(guarded);
            }
        }

        @Override
        public void onNext(JobMessage message) {
            for (Consumer<? super JobMessage> listener : listeners) {
                listener.accept(message);
            }
            Flow.Subscriber<? super JobMessage> s = downstream;
            if (s != null) {
                s.onNext(message);
            }
        }

        @Override
        public void onError(Throwable error) {
            Flow.Subscriber<? super JobMessage> s = downstream;
            downstream = null;
            try {
                if (s != null) {
                    s.onError(error);
                }
            } finally {
                result.completeExceptionally(error);
            }
        }

        @Override
        public void onComplete() {
            Flow.Subscriber<? super JobMessage> s = downstream;
            downstream = null;
            try {
                if (s != null) {
                    s.onComplete();
                }
            } finally {
                try {
                    result.complete(finalResult.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        }
    }

    /** The subscriber used by result()/await() when nobody subscribed: takes everything. */
    private static final class Drain implements Flow.Subscriber<JobMessage> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobMessage item) {}

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }

    /** result()'s future: cancelling it cancels the stream. */
    private final class ResultFuture extends CompletableFuture<RunResult> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            DefaultJobStream.this.cancel();
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>(); // dependents must not cancel this stream
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
