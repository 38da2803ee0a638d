package ai.nodetool.cli;

import ai.nodetool.client.messages.JobMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A subscriber that takes every message of a job and completes a future with the first one of a
 * given type: a way to wait until a job has really started working (e.g. its first
 * {@code node_progress}) before acting on it. If the stream ends first, the future fails with the
 * stream's error (or an {@link IllegalStateException} when it completed).
 *
 * @param <T> the message type waited for
 */
final class FirstMessage<T extends JobMessage> implements Flow.Subscriber<JobMessage> {
    private final Class<T> type;
    private final CompletableFuture<T> first = new CompletableFuture<>();

    /**
     * @param type the message type to wait for
     */
    public FirstMessage(Class<T> type) {
        this.type = type;
    }

    /**
     * Subscribes a new instance to {@code messages}.
     *
     * @param messages a job's updates
     * @param type the message type to wait for
     * @param <T> that type
     * @return the future first message of that type
     */
    public static <T extends JobMessage> CompletableFuture<T> of(Flow.Publisher<JobMessage> messages, Class<T> type) {
        FirstMessage<T> s = new FirstMessage<>(type);
        messages.subscribe(s);
        return s.first;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(JobMessage message) {
        if (type.isInstance(message)) {
            first.complete(type.cast(message));
        }
    }

    @Override
    public void onError(Throwable error) {
        first.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        first.completeExceptionally(new IllegalStateException("the job ended without a " + type.getSimpleName()));
    }
}
