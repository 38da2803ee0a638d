package ai.nodetool.client.streaming;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.NodeProgress;
import ai.nodetool.client.messages.OutputUpdate;
import ai.nodetool.client.messages.RunResult;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The messages of one streamed workflow run, as a {@link Flow.Publisher}: returned by
 * {@code client.workflows().stream(id, params)} (NDJSON, protocol-notes §5.3; Gen C's single JSON
 * answer is turned into the same messages) and {@code client.worker().stream(id, params)} (SSE, protocol-notes §5.4).
 *
 * <pre>{@code
 * RunResult result = client.workflows().stream(id, Map.of("steps", 10))
 *         .onProgress(p -> bar.update(p.progress() / p.total()))
 *         .await();
 * }</pre>
 *
 * <h2>Subscription</h2>
 * The stream is <b>cold</b>: nothing is sent to the server until it is subscribed; the HTTP call is
 * made on the delivery executor right after {@code onSubscribe}. It accepts <b>one subscriber</b>:
 * a second {@link #subscribe} (or {@link #result()} after a subscriber) gets {@code onSubscribe}
 * and then {@code onError(IllegalStateException)}. {@link #result()} and {@link #await()} subscribe
 * an internal subscriber if nobody has subscribed yet; if you subscribe yourself, do so first, and
 * {@code result()} then reports the end of your subscription.
 *
 * <h2>Backpressure</h2>
 * Demand drives I/O: a line or event is read from the socket only while the subscriber has
 * outstanding demand, never ahead of it, so a slow subscriber slows the server through TCP and
 * memory stays bounded (one message, plus the decoder's buffer of at most
 * {@link StreamOptions#maxLineBytes() maxLineBytes}) however long the run.
 *
 * <h2>Threading</h2>
 * Every signal ({@code onSubscribe}, {@code onNext}, {@code onError}, {@code onComplete}) and every
 * listener call is delivered on the client's {@code callbackExecutor}, serialized: they never
 * overlap and each happens-before the next. Blocking socket reads run on that executor too.
 * {@code request} and {@code cancel} may be called from any thread. No thread is created per
 * stream except a daemon idle-timeout timer when an idle timeout is set, which ends with the stream.
 *
 * <h2>Cancellation</h2>
 * {@link Flow.Subscription#cancel()}, {@link #cancel()} and {@code result().cancel(...)} close the
 * HTTP call at once, also while it is still waiting for the response head: the server sees the
 * connection close (Gen A cancels a run whose streaming client went away). No further signal is
 * delivered; {@link #result()} completes with a {@link CancellationException}.
 *
 * <h2>How a stream ends</h2>
 * Exactly one {@code onComplete} or {@code onError}, on every path, unless the subscriber cancelled:
 * <ul>
 *   <li><b>the run ends</b>: the terminal message is delivered with {@code onNext}, the connection is
 *       released, and nothing more is read. On NDJSON that is the first terminal {@code job_update}
 *       (status completed, failed, cancelled, error or timed_out) or a synthetic
 *       {@code job_completed}/{@code job_failed} line if one comes first (Gen A's
 *       {@code job_completed} after the terminal {@code job_update} is not awaited). On SSE it is
 *       the worker's {@code complete} event or its {@code error} event, or {@code data: [DONE]}.
 *       Then: completed → {@code onComplete}; failed, error, timed_out (or a {@code job_failed}
 *       line, or an SSE error event) → {@code onError(JobFailedException)} carrying the job id,
 *       the server's error text and the partial {@link RunResult}; cancelled →
 *       {@code onError(JobCancelledException)}. The failing {@code job_update} and any
 *       {@code error} message are delivered with {@code onNext} first. This is the same rule as
 *       the blocking {@code run()}.
 *   <li><b>HTTP error status</b> before the stream: {@code onError} with the status's
 *       {@code NodeToolHttpException} subclass ({@code NotFoundException}, ...), without demand.
 *   <li><b>malformed input</b> (a line that is not one JSON object with a {@code type}, an SSE
 *       event whose data is not JSON): {@code NodeToolProtocolException} with
 *       {@code lineNumber()}; an <b>oversize</b> line or event (over {@code maxLineBytes}, default
 *       4 MiB): {@code NodeToolProtocolException} saying "oversize", read no further than the
 *       limit; the input ending before the run ended (a clean end of body without a terminal
 *       message): {@code NodeToolProtocolException}.
 *   <li><b>socket loss</b> mid-stream: {@code NodeToolIOException}.
 *   <li><b>idle timeout</b>: no byte from the server for the configured time while waiting on it
 *       (while the subscriber has demand, or while the response head is awaited):
 *       {@code NodeToolTimeoutException} of kind {@code IDLE}, at once, and the call is closed.
 *       OkHttp's read timeout does not apply to streams.
 *   <li><b>the subscriber or a listener throws</b> (a Reactive Streams §2.13 violation): the
 *       subscription is cancelled, the connection closed, the exception logged, and it is offered
 *       once to {@code onError}; {@link #result()} completes with it.
 *   <li><b>executor rejection</b> (e.g. the client was closed): {@code onError(RejectedExecutionException)}.
 * </ul>
 *
 * <h2>Result</h2>
 * {@link #result()} completes, after {@code onComplete}, with the run's {@link RunResult}, built as
 * the same server's blocking {@code run()} builds it, so both give equal outputs: Gen C's JSON
 * answer normalised as {@code run()} does; the worker's {@code complete.results} as
 * {@code worker().run()} does; on Gen A NDJSON the {@code output_update}s collected by the output
 * node's {@code node_name} (display title), last value per name, which is Gen A's own blocking-run
 * rule (protocol-notes §5.2), or, when no {@code output_update} arrived, the terminal
 * {@code job_update}'s {@code result}. Every value, with its {@code output_name}, is also in the
 * {@link OutputUpdate} messages. A failed or cancelled run completes the future exceptionally with
 * the same exception {@code onError} received.
 *
 * <p>Thread-safe. The SDK provides the implementation; applications receive streams from the
 * services and do not implement this interface.
 */
public interface JobStream extends Flow.Publisher<JobMessage> {

    /**
     * Subscribes the stream's single subscriber; the HTTP call starts now (see the class
     * documentation for every signal it may receive).
     *
     * @param subscriber the subscriber
     * @throws NullPointerException if {@code subscriber} is null
     */
    @Override
    void subscribe(Flow.Subscriber<? super JobMessage> subscriber);

    /**
     * Adds a listener called with every message, on the delivery executor, before the
     * subscriber's {@code onNext} (listeners in the order added). A listener that throws ends the
     * stream like a throwing subscriber.
     *
     * @param listener called once per message
     * @return this stream
     * @throws IllegalStateException if the stream was already subscribed (listeners must be in
     *     place before the first message)
     */
    JobStream onMessage(Consumer<? super JobMessage> listener);

    /**
     * Adds a listener for {@link NodeProgress} messages (e.g. to drive a progress bar), with the
     * same rules as {@link #onMessage}.
     *
     * @param listener called once per progress message
     * @return this stream
     * @throws IllegalStateException if the stream was already subscribed
     */
    default JobStream onProgress(Consumer<? super NodeProgress> listener) {
        Objects.requireNonNull(listener, "listener");
        return onMessage(m -> {
            if (m instanceof NodeProgress) {
                listener.accept((NodeProgress) m);
            }
        });
    }

    /**
     * Adds a listener for {@link OutputUpdate} messages (each value an output produces, e.g. the
     * pieces of a streamed text), with the same rules as {@link #onMessage}.
     *
     * @param listener called once per output value
     * @return this stream
     * @throws IllegalStateException if the stream was already subscribed
     */
    default JobStream onOutput(Consumer<? super OutputUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        return onMessage(m -> {
            if (m instanceof OutputUpdate) {
                listener.accept((OutputUpdate) m);
            }
        });
    }

    /**
     * The run's result. If nobody has subscribed yet, subscribes an internal subscriber that
     * requests everything (listeners still see every message). Completes on the delivery executor:
     * normally with the result (status COMPLETED) after {@code onComplete}; exceptionally with
     * {@link JobFailedException}, {@link JobCancelledException}, {@code NodeToolHttpException},
     * {@code NodeToolIOException}/{@code NodeToolTimeoutException}, {@code NodeToolProtocolException}
     * or whatever a subscriber or listener threw; with a {@link CancellationException} when the
     * stream was cancelled. Cancelling the returned future cancels the stream (closes the call).
     *
     * @return the same future on every call
     */
    CompletableFuture<RunResult> result();

    /**
     * Blocks until the run ends and returns its result: {@link #result()}, waited for.
     *
     * @return the result, status COMPLETED
     * @throws JobFailedException if the run failed (failed, error, timed_out)
     * @throws JobCancelledException if the run was cancelled on the server
     * @throws NodeToolException any other way the stream failed (HTTP status, I/O, idle timeout,
     *     protocol); an interrupt cancels the stream and throws {@link NodeToolIOException} with
     *     the thread's interrupt flag set again
     * @throws CancellationException if the stream was cancelled
     */
    RunResult await();

    /**
     * The run's messages as a blocking iterator, for a plain loop instead of a subscriber: it
     * subscribes now (the HTTP call starts) as the stream's one subscriber, asks for
     * {@link MessageIterator#DEFAULT_PREFETCH} messages ahead at most, throws the stream's
     * {@code NodeToolException} once the messages before it were returned, and {@link #cancel()}s
     * the stream when closed before the end. Use it in try-with-resources:
     *
     * <pre>{@code
     * try (MessageIterator it = client.workflows().stream(id, params).iterator()) {
     *     while (it.hasNext()) {
     *         if (it.next() instanceof OutputUpdate o) System.out.println(o.value());
     *     }
     * }
     * }</pre>
     *
     * {@link #result()} still completes with the run's result after a complete iteration.
     *
     * @return the iterator
     */
    default MessageIterator iterator() {
        return MessageIterator.of(this, MessageIterator.DEFAULT_PREFETCH, this::cancel);
    }

    /**
     * The run's messages as a sequential {@link java.util.stream.Stream} over {@link #iterator()}: lazy,
     * on demand, throwing the stream's {@code NodeToolException} where the failure comes; closing it
     * before the end cancels the stream. Use it in try-with-resources:
     *
     * <pre>{@code
     * try (Stream<JobMessage> messages = client.workflows().stream(id, params).toStream()) {
     *     messages.filter(OutputUpdate.class::isInstance).forEach(System.out::println);
     * }
     * }</pre>
     *
     * @return the stream of messages
     */
    default java.util.stream.Stream<JobMessage> toStream() {
        return iterator().stream();
    }

    /**
     * Cancels the stream from any thread: closes the HTTP call if it is open (or being opened),
     * stops all signals, and completes {@link #result()} with a {@link CancellationException}.
     * Before subscription it prevents the call from ever being made (a later subscriber gets
     * {@code onError(CancellationException)}). Idempotent. Does not cancel the job by itself;
     * Gen A servers cancel a run whose streaming client disconnects.
     */
    void cancel();
}
