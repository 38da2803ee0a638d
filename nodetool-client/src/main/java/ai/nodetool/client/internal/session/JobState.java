package ai.nodetool.client.internal.session;

import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.flow.Termination;
import ai.nodetool.client.internal.outcome.JobOutcome;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * One job of a session, and the last stage of the inbound path: receives the job's frames from the
 * router, drops replayed duplicates by {@code job_seq}, applies the terminal rule, and feeds the
 * job's publisher and result future. Talks to the rest of the session only through its
 * {@link JobContext}.
 *
 * <p>Lock: this object's monitor guards the replay position, the frame count, the provisional
 * terminal update, the grace timer and the done flag. Frames arrive on OkHttp's reader thread; the
 * grace timer fires on the session timer; {@link #fail} comes from the facade, the reconnector or the
 * router's end (any thread). While holding the monitor it may take the router's lock (through
 * {@link JobContext#ended()}), never the other way round.
 */
final class JobState implements JobHandle {
    private final JobContext context;
    private final String workflowId;
    private final boolean requireTerminalResult;
    private final PushPublisher<JobMessage> updates;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final CompletableFuture<CommandReply> accepted = new CompletableFuture<>();
    private volatile String jobId;

    // The item that ends the publisher and its verdict; read by the publisher's terminal rule.
    private volatile JobMessage terminalItem;
    private volatile Termination terminalVerdict;

    // Guarded by this.
    private long lastSeq = -1;
    private boolean sawSeq;
    private long frames;
    private volatile boolean done;
    private JobUpdate provisional;
    private ScheduledFuture<?> grace;

    JobState(JobContext context, String jobId, String workflowId, boolean requireTerminalResult) {
        this.context = context;
        this.jobId = jobId;
        this.workflowId = workflowId;
        this.requireTerminalResult = requireTerminalResult;
        this.updates = StreamPublisher.push(
                context.bufferSize(),
                m -> m == terminalItem ? terminalVerdict : null,
                null,
                context.flow().withName("job-" + jobId));
    }

    @Override
    public String jobId() {
        return jobId;
    }

    /** The server named the job itself (legacy adoption, under the router's lock). */
    void rename(String serverJobId) {
        this.jobId = serverJobId;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public Flow.Publisher<JobMessage> updates() {
        return updates;
    }

    @Override
    public CompletableFuture<RunResult> result() {
        return result;
    }

    @Override
    public CompletableFuture<CommandReply> accepted() {
        return accepted;
    }

    /** The server accepted {@code run_job} / {@code reconnect_job}. */
    void accepted(CommandReply reply) {
        context.callbacks().complete(accepted, reply);
    }

    /** The reply to {@code run_job} was lost with the socket: the job may well run, frames will tell. */
    void acceptanceLost(Throwable error) {
        context.callbacks().fail(accepted, error);
    }

    @Override
    public CompletableFuture<CommandReply> cancel() {
        // Next: a requested cancel is where a bounded wait for the terminal update starts, so that
        // the job ends even when a legacy server sends none.
        return context.cancel().apply(jobId);
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** @return true once a frame of this job carried {@code job_seq} (the server can replay it) */
    synchronized boolean sawSeq() {
        return sawSeq;
    }

    synchronized long frames() {
        return frames;
    }

    /** Delivers one frame of this job (reader thread). */
    synchronized void accept(JobMessage m) {
        if (done) {
            return;
        }
        OptionalLong seq = m.jobSeq();
        if (seq.isPresent()) {
            sawSeq = true;
            if (seq.getAsLong() <= lastSeq) {
                return; // replayed after a reconnect and already delivered (protocol-notes §9.1)
            }
            lastSeq = seq.getAsLong();
        }
        frames++;
        if (m instanceof JobUpdate && ((JobUpdate) m).isTerminal()) {
            JobUpdate u = (JobUpdate) m;
            if (isFinal(u)) {
                finish(u, true);
            } else {
                // Gen C may follow this frame with a second one carrying the outputs (protocol-notes §8.3).
                provisional = u;
                updates.offer(u);
                scheduleGrace();
            }
            return;
        }
        // Next (push-back option): a full buffer makes offer() fail the publisher; waiting for
        // room here instead is what would hold the reader thread.
        updates.offer(m);
        if (provisional != null) {
            scheduleGrace(); // e.g. synthesized output_update frames precede the second terminal frame
        }
    }

    private boolean isFinal(JobUpdate u) {
        if (u.result() != null || JobStatus.CANCELLED.equals(u.status())) {
            return true;
        }
        if (u.jobSeq().isEmpty()) {
            return true; // Gen A/B: one terminal frame
        }
        if (requireTerminalResult && JobStatus.COMPLETED.equals(u.status())) {
            return true; // SDK profile: the one completed frame (which carries result when outputs exist)
        }
        return context.terminalGrace().isZero();
    }

    private void scheduleGrace() {
        if (grace != null) {
            grace.cancel(false);
        }
        grace = context.timer().schedule(this::graceExpired, context.terminalGrace());
    }

    private synchronized void graceExpired() {
        if (!done && provisional != null) {
            finish(provisional, false);
        }
    }

    /** Ends the job with its terminal update; {@code deliver} false when it was already offered. */
    private void finish(JobUpdate terminal, boolean deliver) {
        done = true;
        if (grace != null) {
            grace.cancel(false);
        }
        RunResult r = RunResult.fromJobUpdate(terminal);
        if (r.jobId() == null) {
            r = RunResult.of(r.status(), jobId, r.outputs(), r.error(), r.raw());
        }
        Throwable failure = JobOutcome.failureOf(r);
        if (deliver) {
            terminalVerdict = failure == null ? Termination.complete() : Termination.fail(failure);
            terminalItem = terminal;
            updates.offer(terminal);
        } else if (failure == null) {
            updates.complete();
        } else {
            updates.error(failure);
        }
        if (failure == null) {
            context.callbacks().complete(result, r);
        } else {
            context.callbacks().fail(result, failure);
        }
        context.ended().accept(this);
    }

    /** Ends the job without a terminal update (session closed or dead, run refused, lost). */
    synchronized void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        if (grace != null) {
            grace.cancel(false);
        }
        updates.error(error);
        context.callbacks().fail(result, error);
        context.callbacks().fail(accepted, error);
        context.ended().accept(this);
    }

    @Override
    public String toString() {
        return "JobHandle{jobId=" + jobId + ", workflowId=" + workflowId + ", done=" + done + "}";
    }
}
