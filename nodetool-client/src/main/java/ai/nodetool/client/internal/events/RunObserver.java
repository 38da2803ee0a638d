package ai.nodetool.client.internal.events;

import ai.nodetool.client.errors.JobCancelledException;
import ai.nodetool.client.errors.JobFailedException;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.events.RunInfo;
import ai.nodetool.client.events.RunKind;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.messages.JobStatus;
import ai.nodetool.client.messages.JobUpdate;
import ai.nodetool.client.messages.RunResult;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the transports call for one run: turns "a message arrived", "the run ended" into the listener's events,
 * each end exactly once, and the first {@code queued} update into {@code jobQueued}. {@link #NONE} is shared by
 * every run when nobody listens: its methods return at once, and {@link #message} allocates nothing.
 *
 * <p>Thread-safe: the once-only flags are atomic; messages come from one thread at a time per run.
 */
public final class RunObserver {
    /** The observer of every run when nobody listens (and no wire log wants stream messages). */
    public static final RunObserver NONE = new RunObserver(NodeToolEventListener.NONE, null, null);

    private final NodeToolEventListener listener;
    private final RunInfo run;
    private final WireLog wire;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean streamEnded = new AtomicBoolean();
    private volatile boolean queued;
    private volatile boolean started;
    private volatile boolean opened;

    private RunObserver(NodeToolEventListener listener, RunInfo run, WireLog wire) {
        this.listener = listener;
        this.run = run;
        this.wire = wire;
    }

    /**
     * @param listener the guarded listener of the call or client
     * @param wire the wire log that wants each message of an HTTP stream, or null
     * @param kind how the run travels
     * @param workflowId the workflow, or null
     * @param jobId the job id when known, else null
     * @return {@link #NONE} when nobody listens, else a new observer with a new {@link RunInfo}
     */
    public static RunObserver of(
            NodeToolEventListener listener, WireLog wire, RunKind kind, String workflowId, String jobId) {
        if (listener == NodeToolEventListener.NONE && wire == null) {
            return NONE;
        }
        return new RunObserver(listener, new RunInfo(kind, workflowId, jobId, System.nanoTime()), wire);
    }

    /** @return false for {@link #NONE} */
    public boolean active() {
        return this != NONE;
    }

    /** @return the run, or null for {@link #NONE} */
    public RunInfo run() {
        return run;
    }

    /** The run was sent. */
    public void start() {
        if (listener != NodeToolEventListener.NONE) {
            started = true;
            listener.jobStart(run);
        }
    }

    /**
     * One message of the run.
     *
     * @param m the message
     */
    public void message(JobMessage m) {
        if (this == NONE) {
            return;
        }
        if (wire != null) {
            wire.streamMessage(m);
        }
        if (listener == NodeToolEventListener.NONE) {
            return;
        }
        if (run.jobId() == null) {
            run.jobId(m.jobId());
        }
        listener.message(run, m);
        if (!queued && m instanceof JobUpdate && JobStatus.QUEUED.equals(((JobUpdate) m).status())) {
            queued = true;
            listener.jobQueued(run);
        }
    }

    /** The application asked to cancel the run (before it ended). */
    public void cancel() {
        if (listener != NodeToolEventListener.NONE && started && !ended.get()) {
            listener.jobCancel(run);
        }
    }

    /** The HTTP response of a streamed run arrived. */
    public void streamOpen() {
        if (listener != NodeToolEventListener.NONE) {
            opened = true;
            listener.streamOpen(run);
        }
    }

    /**
     * The stream ended (once; later calls are ignored).
     *
     * @param error why, or null when normally
     */
    public void streamEnd(Throwable error) {
        if (listener != NodeToolEventListener.NONE && opened && streamEnded.compareAndSet(false, true)) {
            listener.streamEnd(run, unwrap(error));
        }
    }

    /**
     * The run ended (once; later calls are ignored, and so is an end of a run that never started).
     *
     * @param result the result when it completed, else null
     * @param error the failure, or null
     */
    public void end(RunResult result, Throwable error) {
        if (listener == NodeToolEventListener.NONE || !started || !ended.compareAndSet(false, true)) {
            return;
        }
        Throwable e = unwrap(error);
        if (result != null && run.jobId() == null) {
            run.jobId(result.jobId());
        }
        listener.jobEnd(run, statusOf(result, e), e);
    }

    /**
     * @param result the result, or null
     * @param error the failure, or null
     * @return the final status an end reports
     */
    static JobStatus statusOf(RunResult result, Throwable error) {
        if (error == null) {
            return result != null ? result.status() : JobStatus.COMPLETED;
        }
        if (error instanceof JobCancelledException || error instanceof CancellationException) {
            return JobStatus.CANCELLED;
        }
        if (error instanceof JobFailedException) {
            RunResult r = ((JobFailedException) error).result();
            return r != null && r.status().isFailure() ? r.status() : JobStatus.FAILED;
        }
        return JobStatus.UNKNOWN;
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
