package ai.nodetool.client.session;

import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.streaming.MessageIterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A job started or attached on a {@link JobSession}. Thread-safe.
 *
 * <p><b>Ending a job versus ending a subscription.</b> {@link #cancel()} asks the server to cancel
 * the job ({@code cancel_job}); the job then ends with status {@code cancelled} and
 * {@link #result()} fails with {@link ai.nodetool.client.errors.JobCancelledException}. Cancelling the
 * {@link Flow.Subscription} of {@link #updates()} only stops delivery to that subscriber: the job
 * keeps running and {@link #result()} still completes.
 */
public interface JobHandle {

    /**
     * @return the job id: the client-generated {@code job_id} sent in {@code run_job}. A legacy
     *     server (Gen A {@code /predict}) ignores it and names the job itself; once its first
     *     update arrives, this returns the server's id.
     */
    String jobId();

    /** @return the workflow id the job was started with, or null for an inline graph */
    String workflowId();

    /**
     * This job's messages, in the order the server sent them, with duplicates from a replay
     * removed (by {@code job_seq}). Single subscriber. Messages received before subscription are
     * buffered (see {@link SessionOptions#jobBufferSize()} for the bound and overflow policy; the
     * terminal update is never dropped). The publisher completes after the terminal
     * {@code job_update} of a completed job, and fails with
     * {@link ai.nodetool.client.errors.JobFailedException} or
     * {@link ai.nodetool.client.errors.JobCancelledException} after that of a failed or cancelled one
     * (the terminal update itself is delivered first). It fails with
     * {@link ai.nodetool.client.errors.SessionClosedException} when the session is closed first, and with
     * the session's error when the session dies (reconnection failed, authentication refused).
     * Signals are delivered on the client's callback executor.
     *
     * @return the publisher, the same object on every call
     */
    Flow.Publisher<JobMessage> updates();

    /**
     * This job's messages ({@link #updates()}) as a blocking iterator, for a plain loop: it
     * subscribes to {@link #updates()} now (its one subscriber), asks for
     * {@link MessageIterator#DEFAULT_PREFETCH} messages ahead at most, throws the job's
     * {@code NodeToolException} ({@code JobFailedException}, {@code JobCancelledException},
     * {@code SessionClosedException}, ...) once the messages before it were returned, and, when closed
     * before the job ended, <b>cancels the job</b> ({@link #cancel()}, {@code cancel_job}). Use it in
     * try-with-resources; {@code iterator().stream()} gives a {@code java.util.stream.Stream}.
     *
     * @return the iterator
     */
    default MessageIterator iterator() {
        return MessageIterator.of(updates(), MessageIterator.DEFAULT_PREFETCH, () -> {
            if (!isDone()) {
                cancel();
            }
        });
    }

    /**
     * Completes once, with the job's outputs, when its terminal {@code job_update} arrives. For a
     * Gen C server that sends two terminal frames (no {@code require_terminal_result}), it waits
     * for the one that carries the outputs. Fails with
     * {@link ai.nodetool.client.errors.JobFailedException}, {@link ai.nodetool.client.errors.JobCancelledException},
     * {@link ai.nodetool.client.errors.JobNotFoundException} (the server no longer has the job),
     * {@link ai.nodetool.client.errors.NotFoundException} (unknown workflow),
     * {@link ai.nodetool.client.errors.CommandRejectedException} (the server refused {@code run_job}),
     * {@link ai.nodetool.client.errors.SessionClosedException}, or the session's fatal error.
     * Independent of {@link #updates()}: it completes whether or not anyone subscribes there.
     *
     * @return the result future (completed on the client's callback executor)
     */
    CompletableFuture<RunResult> result();

    /**
     * Waits for the job to end and returns its outputs: {@link #result()} without the future's
     * wrapping. The thrown exception is the cause itself ({@link ai.nodetool.client.errors.JobFailedException},
     * {@link ai.nodetool.client.errors.JobCancelledException}, ...), as {@code JobStream.await()} does.
     *
     * @return the completed job's result
     * @throws ai.nodetool.client.errors.NodeToolException the reason the job did not complete
     * @throws java.util.concurrent.CancellationException when {@link #result()} was cancelled by the caller
     */
    default RunResult await() {
        try {
            return result().join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ai.nodetool.client.errors.NodeToolException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /**
     * @return the server's direct reply to {@code run_job} ({@code {"message":"Job started"}});
     *     fails with {@link ai.nodetool.client.errors.CommandRejectedException} when the server refused
     *     the job. For a job attached with {@link JobSession#reconnectJob}, the reply to
     *     {@code reconnect_job}. May complete after the job's first updates (protocol-notes §7.2).
     */
    CompletableFuture<CommandReply> accepted();

    /**
     * Sends {@code cancel_job} for this job. Same as {@code session.cancelJob(jobId())}. The job then
     * ends within {@link SessionOptions#cancelTimeout()} whatever the server does: {@link #result()}
     * and {@link #updates()} fail with {@link ai.nodetool.client.errors.JobCancelledException} and
     * {@link #isDone()} is true (a terminal update that arrives first decides instead).
     *
     * @return the server's reply
     */
    CompletableFuture<CommandReply> cancel();

    /** @return true once the job's terminal update arrived or the job was otherwise ended */
    boolean isDone();

    /**
     * @return the highest {@code job_seq} received for this job, or -1 when the server sends none
     *     (legacy servers)
     */
    long lastSeq();
}
