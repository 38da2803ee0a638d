package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.errors.JobNotFoundException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.internal.events.RunObserver;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.flow.Termination;
import ai.nodetool.client.internal.outcome.JobOutcome;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.ErrorMessage;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

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
 *
 * <p>Push-back: a frame is offered to the publisher <em>outside</em> the monitor, since under the
 * {@link ai.nodetool.client.session.OverflowPolicy#PUSH_BACK} policy the offer may wait for the
 * subscriber (holding the reader thread, so that TCP slows the server), and everything that ends
 * the job ({@link #fail}, a cancel, the grace timer) takes the monitor and must be able to wake
 * that wait. {@code delivery} keeps frames of this job in socket order across that gap: the reader
 * holds it from the de-duplication of a frame until its offer returns (a reader of a newer socket
 * after a reconnect waits there for the older, still blocked, one). Never taken while holding
 * the monitor.
 */
final class JobState implements JobHandle {
    // A Gen A/B start failure for a missing workflow: a failed job_update whose text says so
    // (protocol-notes §8.4); Gen C answers run_job itself instead (§7.2).
    private static final Pattern WORKFLOW_NOT_FOUND = Pattern.compile("(?i)\\bworkflow\\b.*\\bnot found\\b");
    private final JobContext context;
    private final String workflowId;
    private final boolean requireTerminalResult;
    private final PushPublisher<JobMessage> updates;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final CompletableFuture<CommandReply> accepted = new CompletableFuture<>();
    private final ReentrantLock delivery = new ReentrantLock();
    private volatile String jobId;
    /**
     * Set by the router (under its lock) once it routed a frame to this job: the job is then neither
     * adoptable nor awaiting its first update, and its later frames are looked up without the lock.
     */
    volatile boolean routed;

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
    private boolean cancelRequested;
    private ScheduledFuture<?> cancelDeadline;
    private JobStatus lastStatus = JobStatus.UNKNOWN;
    // Text of the last {"type":"error"} frame of this job (the test server and Gen B send one
    // before failed; protocol-notes §8.6), scrubbed.
    private String errorText;
    // Reused job id: frames of the older run carry the same id and continue its job_seq; they are
    // dropped until the older run's terminal update, or until this run's own numbering shows (a
    // job_seq at or below the older run's last one). Frames without job_seq (queued) are this run's.
    private long supersededSeq = -1;
    private boolean ownNumbering = true;
    // The job's events (docs/production.md); RunObserver.NONE when nobody listens.
    private final RunObserver observer;

    JobState(JobContext context, String jobId, String workflowId, boolean requireTerminalResult) {
        this.context = context;
        this.jobId = jobId;
        this.workflowId = workflowId;
        this.requireTerminalResult = requireTerminalResult;
        this.observer = RunObserver.of(context.events(), null, RunKind.WEBSOCKET, workflowId, jobId);
        Function<JobMessage, Termination> rule = m -> m == terminalItem ? terminalVerdict : null;
        FlowOptions flow = context.flow().withName("job-" + jobId);
        this.updates = context.pushBack() == null
                ? StreamPublisher.push(context.bufferSize(), rule, null, flow)
                : StreamPublisher.pushBack(context.bufferSize(), context.pushBack(), rule, null, flow);
    }

    @Override
    public String jobId() {
        return jobId;
    }

    /** The server named the job itself (legacy adoption, under the router's lock). */
    void rename(String serverJobId) {
        this.jobId = serverJobId;
        if (observer.active()) {
            observer.run().jobId(serverJobId);
        }
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    /** @return the job's events */
    RunObserver observer() {
        return observer;
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

    /**
     * Sends {@code cancel_job} and bounds the wait for the job's end: the job ends as cancelled
     * when the acknowledgement is final (legacy server, protocol-notes §7.2) or, on any server,
     * when {@code cancelTimeout} has passed without a terminal update.
     */
    @Override
    public CompletableFuture<CommandReply> cancel() {
        synchronized (this) {
            if (!done && !cancelRequested) {
                cancelRequested = true;
                cancelDeadline = context.timer().schedule(this::cancelExpired, context.cancelTimeout());
            }
            if (!done && updates.isPushingBack()) {
                // The socket is held for this job's subscriber: no reply or terminal update can be
                // read until it catches up. The job is being cancelled, so end it here and free the
                // socket (the server cancels it; its frames still in flight are dropped).
                endCancelled("cancelled while its subscriber was holding the socket (push-back)", null);
            }
        }
        observer.cancel();
        CompletableFuture<CommandReply> reply = context.cancel().apply(jobId);
        reply.whenComplete((r, error) -> {
            if (error == null) {
                cancelAcknowledged(r);
            }
        });
        return reply;
    }

    /** The server answered this job's {@code cancel_job} successfully. */
    private synchronized void cancelAcknowledged(CommandReply reply) {
        if (done) {
            return;
        }
        String text = reply.message() == null ? "" : reply.message();
        if (text.startsWith("Queued job cancelled")) {
            // Gen C: the job never ran; its cancelled update may follow, the answer is the same.
            endCancelled("the server removed it from its queue", null);
        } else if (frames > 0 && !sawSeq) {
            // Frames without job_seq: a Gen A/B server, whose acknowledgement is final (protocol-notes
            // §7.2): it sends no terminal update after it.
            endCancelled("the legacy server's acknowledgement is final", null);
        }
        // Otherwise a current server sends the terminal update later; cancelTimeout bounds the wait.
    }

    private synchronized void cancelExpired() {
        if (!done) {
            endCancelled("no terminal update within " + context.cancelTimeout() + " of the cancel", null);
        }
    }

    /** @return true once cancel() was called on this job */
    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * {@code get_status} answered {@code not_found} for this job while it was still open here. A
     * legacy server forgets a cancelled job at once (protocol-notes §7.2): after a cancel that is the
     * end of it. Without a cancel the job's outcome is lost: it ends with {@link JobNotFoundException}.
     * A job still {@code queued} is left alone (a queued run has no session to report on yet).
     */
    synchronized void statusNotFound() {
        if (done || JobStatus.QUEUED.equals(lastStatus)) {
            return;
        }
        if (cancelRequested) {
            endCancelled("the server no longer knows it after the cancel", null);
        } else {
            fail(new JobNotFoundException(
                    jobId,
                    "Job " + jobId + " is unknown to the server (get_status: not_found) while it was still"
                            + " running here; its outcome cannot be learned",
                    null));
        }
    }

    /**
     * The server said it no longer has this job (an error reply to {@code reconnect_job}, or a
     * status that cannot be replayed): it ends with {@link JobNotFoundException} naming it.
     *
     * @param detail what the server said or reported, scrubbed
     */
    void gone(String detail) {
        fail(new JobNotFoundException(
                jobId,
                "Job " + jobId + " is gone from the server and cannot be followed any more"
                        + (detail == null ? "" : ": " + detail),
                detail));
    }

    /** A newer {@code run_job} with this id replaced this job: it ends as cancelled, as the server cancels it. */
    void superseded() {
        synchronized (this) {
            if (done) {
                return;
            }
            endCancelled("its job id was reused by a newer run_job; the server cancels the older run", null);
        }
    }

    /** This job reuses the id of a job of this session whose last {@code job_seq} was {@code oldLastSeq}. */
    synchronized void supersedes(long oldLastSeq) {
        supersededSeq = oldLastSeq;
        ownNumbering = oldLastSeq < 0;
    }

    /** Ends the job as cancelled without a terminal update from the server (caller holds the monitor). */
    private void endCancelled(String reason, JobUpdate last) {
        done = true;
        cancelTimers();
        RunResult r = RunResult.of(JobStatus.CANCELLED, jobId, Map.of(), null, last == null ? null : last.raw());
        JobCancelledException e = new JobCancelledException(jobId, r, reason);
        updates.error(e);
        context.callbacks().fail(result, e);
        context.callbacks().fail(accepted, e);
        context.ended().accept(this);
    }

    private void cancelTimers() {
        if (grace != null) {
            grace.cancel(false);
        }
        if (cancelDeadline != null) {
            cancelDeadline.cancel(false);
        }
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

    /**
     * Delivers one frame of this job (reader thread).
     *
     * @param m the frame
     * @param weight its size on the wire in bytes
     * @param seq its {@code job_seq} as the router read it, or {@link FrameRouter#NO_SEQ}
     */
    void accept(JobMessage m, long weight, long seq) {
        delivery.lock();
        try {
            JobMessage offer = admit(m, seq);
            if (offer != null) {
                // May wait for the subscriber (push-back), outside the monitor: see the class doc.
                updates.offer(offer, weight, true);
            }
        } finally {
            delivery.unlock();
        }
    }

    /** @return the frame to offer to the publisher, or null (dropped, or already handled) */
    private synchronized JobMessage admit(JobMessage m, long seq) {
        if (done) {
            return null;
        }
        boolean hasSeq = seq != FrameRouter.NO_SEQ;
        if (!ownNumbering && hasSeq) {
            if (seq > supersededSeq) {
                // The older run with the same id (protocol-notes §7.6): its numbering goes on until
                // its terminal update; after that every frame of this id is this run's.
                supersededSeq = seq;
                ownNumbering = m instanceof JobUpdate && ((JobUpdate) m).isTerminal();
                return null;
            }
            ownNumbering = true; // this run's own numbering started again
        }
        if (hasSeq) {
            sawSeq = true;
            if (seq <= lastSeq) {
                return null; // replayed after a reconnect and already delivered (protocol-notes §9.1)
            }
            lastSeq = seq;
        }
        frames++;
        observer.message(m);
        if (m instanceof ErrorMessage) {
            String text = ((ErrorMessage) m).message();
            if (text != null && !text.isEmpty()) {
                errorText = context.scrub().apply(text);
            }
        }
        if (m instanceof JobUpdate) {
            lastStatus = ((JobUpdate) m).status();
        }
        if (m instanceof JobUpdate && ((JobUpdate) m).isTerminal()) {
            JobUpdate u = (JobUpdate) m;
            if (isFinal(u)) {
                finish(u, true);
                return null;
            }
            // Gen C may follow this frame with a second one carrying the outputs (protocol-notes §8.3).
            provisional = u;
            scheduleGrace();
            return u;
        }
        if (provisional != null) {
            scheduleGrace(); // e.g. synthesized output_update frames precede the second terminal frame
        }
        return m;
    }

    private boolean isFinal(JobUpdate u) {
        if (u.result() != null || JobStatus.CANCELLED.equals(u.status())) {
            return true;
        }
        if (u.jobSeq().isEmpty()) {
            return true; // Gen A/B: one terminal frame
        }
        if (requireTerminalResult
                && (JobStatus.COMPLETED.equals(u.status()) || u.status().isFailure())) {
            // SDK profile: the one completed frame carries the outputs; a failed run's first failed
            // frame carries the error, and a second one only repeats it with partial outputs
            // (protocol-notes §8.3), which output_update frames have delivered already. No grace.
            return true;
        }
        return context.terminalGrace().isZero();
    }

    private void scheduleGrace() {
        if (grace != null) {
            grace.cancel(false);
        }
        grace = context.timer().schedule(this::graceExpired, context.terminalGrace());
    }

    private void graceExpired() {
        if (delivery.isLocked()) {
            // The reader is handing this job a frame (perhaps held by push-back): it cannot have
            // read the second terminal frame yet, so the grace period starts again.
            synchronized (this) {
                if (!done && provisional != null) {
                    scheduleGrace();
                }
            }
            return;
        }
        synchronized (this) {
            if (!done && provisional != null) {
                finish(provisional, false);
            }
        }
    }

    /** Ends the job with its terminal update; {@code deliver} false when it was already offered. */
    private void finish(JobUpdate terminal, boolean deliver) {
        done = true;
        cancelTimers();
        RunResult r = RunResult.fromJobUpdate(terminal);
        String error = failureText(r);
        if (r.jobId() == null || !java.util.Objects.equals(error, r.error())) {
            r = RunResult.of(r.status(), r.jobId() == null ? jobId : r.jobId(), r.outputs(), error, r.raw());
        }
        Throwable failure = failureOf(r);
        if (deliver) {
            terminalVerdict = failure == null ? Termination.complete() : Termination.fail(failure);
            terminalItem = terminal;
            // Under the monitor: never delivered on this thread (the subscriber may call back).
            updates.offer(terminal, 0, false);
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

    /**
     * The server's error text of a failed job, scrubbed: the update's {@code error}, and the text of
     * an {@code error} frame of the job before it when the update does not already say it.
     */
    private String failureText(RunResult r) {
        if (!r.status().isFailure()) {
            return r.error();
        }
        String own = context.scrub().apply(r.error());
        if (errorText == null) {
            return own;
        }
        if (own == null || own.isEmpty() || own.equals(errorText)) {
            return errorText;
        }
        return own.contains(errorText) ? own : errorText + "; " + own;
    }

    /** The one outcome rule (JobOutcome), with the two failures that are really "not found". */
    private Throwable failureOf(RunResult r) {
        if (r.status().isFailure() && r.error() != null) {
            String error = r.error();
            if (error.equals("Job " + jobId + " not found")) {
                // A reconnect to a job the server no longer has (protocol-notes §9.1).
                return new JobNotFoundException(
                        jobId,
                        "Job " + jobId + " is gone from the server and cannot be followed any more: " + error,
                        error);
            }
            if (!sawSeq && WORKFLOW_NOT_FOUND.matcher(error).find()) {
                // Gen A/B start failure (protocol-notes §8.4): the same error as over HTTP.
                NotFoundException nf = new NotFoundException(
                        "Workflow " + (workflowId == null ? "" : workflowId + " ") + "not found (run_job): " + error,
                        404,
                        Map.of(),
                        error,
                        "");
                nf.initCause(new JobFailedException(jobId, error, r));
                return nf;
            }
        }
        return JobOutcome.failureOf(r);
    }

    /** Ends the job without a terminal update (session closed or dead, run refused, lost). */
    synchronized void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
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
