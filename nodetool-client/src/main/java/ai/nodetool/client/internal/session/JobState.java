package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.internal.flow.FlowOptions;
import ai.nodetool.client.internal.flow.PushPublisher;
import ai.nodetool.client.internal.flow.StreamPublisher;
import ai.nodetool.client.internal.flow.Termination;
import ai.nodetool.client.internal.workflows.RunOutcome;
import ai.nodetool.client.messages.CommandReply;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import ai.nodetool.client.session.JobHandle;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One job of a session: its publisher, its result, its replay position and its terminal rule.
 * Frames arrive from the socket's reader thread; the grace timer runs on the session timer; all
 * state changes happen under this object's monitor.
 */
final class JobState implements JobHandle {
    private final DefaultJobSession session;
    private final String workflowId;
    private final boolean requireTerminalResult;
    private final PushPublisher<JobMessage> updates;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final CompletableFuture<CommandReply> accepted = new CompletableFuture<>();
    private final Duration terminalGrace;
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

    JobState(DefaultJobSession session, String jobId, String workflowId, boolean requireTerminalResult,
            int bufferSize, FlowOptions flow, Duration terminalGrace) {
        this.session = session;
        this.jobId = jobId;
        this.workflowId = workflowId;
        this.requireTerminalResult = requireTerminalResult;
        this.terminalGrace = terminalGrace;
        this.updates = StreamPublisher.push(bufferSize,
                m -> m == terminalItem ? terminalVerdict : null, null, flow.withName("job-" + jobId));
    }

    @Override
    public String jobId() {
        return jobId;
    }

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

    CompletableFuture<CommandReply> acceptedInternal() {
        return accepted;
    }

    @Override
    public CompletableFuture<CommandReply> cancel() {
        return session.cancelJob(jobId);
    }

    @Override
    public boolean isDone() {
        return done;
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

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
                return; // replayed after a reconnect and already delivered (PROTOCOL.md §4.8)
            }
            lastSeq = seq.getAsLong();
        }
        frames++;
        if (m instanceof JobUpdate && ((JobUpdate) m).isTerminal()) {
            JobUpdate u = (JobUpdate) m;
            if (isFinal(u)) {
                finish(u, true);
            } else {
                // Gen C may follow this frame with a second one carrying the outputs (§4.7).
                provisional = u;
                updates.offer(u);
                scheduleGrace();
            }
            return;
        }
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
        return terminalGrace.isZero();
    }

    private void scheduleGrace() {
        if (grace != null) {
            grace.cancel(false);
        }
        grace = session.schedule(this::graceExpired, terminalGrace.toNanos(), TimeUnit.NANOSECONDS);
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
        Throwable failure = outcome(r);
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
            session.complete(result, r);
        } else {
            session.fail(result, failure);
        }
        session.jobEnded(this);
    }

    private static Throwable outcome(RunResult r) {
        try {
            RunOutcome.requireCompleted(r);
            return null;
        } catch (JobFailedException | JobCancelledException e) {
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Ends the job without a terminal update (session closed or dead, run refused). */
    synchronized void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        if (grace != null) {
            grace.cancel(false);
        }
        updates.error(error);
        session.fail(result, error);
        session.fail(accepted, error);
        session.jobEnded(this);
    }

    @Override
    public String toString() {
        return "JobHandle{jobId=" + jobId + ", workflowId=" + workflowId + ", done=" + done + "}";
    }
}
