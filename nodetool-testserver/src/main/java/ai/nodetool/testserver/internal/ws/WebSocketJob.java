package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.MediaMode;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.GraphExecution;
import ai.nodetool.testserver.internal.engine.RunListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One workflow job started over the WebSocket: its lifecycle (queued, running, finished), run slot,
 * owning socket, grace period, {@code job_seq} numbering and replay buffer (protocol-notes
 * §9.1, §9.2), and the delivery of its frames with the armed stream faults. What the frames say is the
 * {@link FrameTranslator}'s and the {@link Dialect}'s business.
 *
 * <p>Threading: the engine's run thread calls {@link #onEngineMessage} and {@link #finish}; socket
 * reader threads call the command-side methods; the server's timer thread expires the grace period.
 * Frame production, numbering and delivery hold this object's monitor, so frames reach a socket in
 * {@code job_seq} order and a reconnect's replay never interleaves with live frames. Stalls (a fault)
 * sleep outside it.
 */
final class WebSocketJob {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    enum Phase {
        NEW,
        QUEUED,
        RUNNING,
        FINISHED
    }

    private final WebSocketEndpoint endpoint;
    private final ServerState state;
    private final Dialect dialect;
    private final String id;
    private final String workflowId;
    private final JsonNode workflow;
    private final JsonNode params;
    private final FrameLog log;
    private final ReplayBuffer buffer; // null when the dialect does not replay
    private final Session starter;
    private final JobFaults faults = new JobFaults();
    private final boolean concurrent;

    // Guarded by this.
    private final FrameTranslator frames;
    private Session owner;
    private MediaMode lastMode;
    private String host;
    private long seq;
    private ScheduledFuture<?> graceTimer;
    private boolean forgotten;
    private boolean abandoned; // Gen A/B cancel: nothing more is sent
    private WebSocketJob superseded; // a still-running job with the same id, cancelled when this one starts
    private long startNanos;
    private boolean bursting; // frames may wait in the socket's write buffer until the burst ends

    private volatile Phase phase = Phase.NEW;
    private volatile String status = "queued";
    private volatile String error;
    private volatile GraphExecution execution;
    private volatile boolean holdsSlot;
    private volatile boolean runEnded; // the engine is done; the last frames may still be on their way
    private volatile long finishedNanos;

    /**
     * @param workflowId the workflow id the client named ("" when it sent an inline graph without one)
     * @param workflow the workflow object to execute ({@code graph} or test {@code script})
     * @param runJobData the {@code run_job} data, for the job's options
     */
    WebSocketJob(
            WebSocketEndpoint endpoint,
            Session starter,
            String id,
            String workflowId,
            JsonNode workflow,
            JsonNode params,
            JsonNode runJobData) {
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.dialect = state.dialect();
        this.starter = starter;
        this.id = id;
        this.workflowId = workflowId;
        this.workflow = workflow;
        this.params = params;
        this.concurrent = runJobData.path("concurrent").asBoolean(false);
        int replayEvents = dialect.replayBufferEvents(state.settings());
        this.buffer = replayEvents > 0 ? new ReplayBuffer(replayEvents) : null;
        this.log = new FrameLog(endpoint.maxLoggedFramesPerJob());
        this.frames = new FrameTranslator(
                dialect, id, workflowId, workflow, runJobData, state.settings().nodeErrorsFailJob(), this::emit);
        this.owner = starter;
        this.lastMode = starter.mediaMode();
        this.host = starter.host();
    }

    /** The newest frames produced for this job. */
    FrameLog log() {
        return log;
    }

    /**
     * How many frame objects this job keeps reachable (its log and its replay buffer share them, so
     * the larger of the two).
     */
    synchronized int framesHeld() {
        return Math.max(log.size(), buffer != null ? buffer.size() : 0);
    }

    Session starter() {
        return starter;
    }

    /** Whether the {@code run_job} said {@code concurrent:true} (admission, protocol-notes §7.6). */
    boolean concurrent() {
        return concurrent;
    }

    /** Stamps the time the job was handed to the endpoint's retention (its replay retention starts). */
    void markFinishedNow() {
        finishedNanos = System.nanoTime();
    }

    long finishedNanos() {
        return finishedNanos;
    }

    /** Marks that this job occupies a run slot of the endpoint (admission). */
    void holdSlot() {
        holdsSlot = true;
    }

    /**
     * Whether the engine has finished this run while its last frames may still be being written. Another
     * connection's admission no longer counts it (see {@link WebSocketEndpoint#tryAcquireSlot}).
     */
    boolean runEnded() {
        return runEnded;
    }

    /** Gives the run slot back, once, and lets the starter's queue move. */
    void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            endpoint.releaseSlot(this);
            starter.drainQueue();
        }
    }

    /** A still-running job with this job's id: cancelled, and without replay, once this one starts (protocol-notes §7.6). */
    synchronized void supersedes(WebSocketJob older) {
        superseded = older;
    }

    String id() {
        return id;
    }

    String workflowId() {
        return workflowId;
    }

    /**
     * Synchronized like {@link #status()}: the terminal frames are sent under this lock, so a client
     * that saw the terminal frame and asks for the status never reads the phase from before it.
     */
    synchronized Phase phase() {
        return phase;
    }

    /** {@code queued}, {@code running}, {@code completed}, {@code failed} or {@code cancelled}. */
    synchronized String status() {
        return status;
    }

    synchronized boolean ownedBy(Session session) {
        return owner == session;
    }

    boolean hasInput(String name) {
        return frames.hasInput(name);
    }

    boolean hasNode(String nodeId) {
        return frames.hasNode(nodeId);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /**
     * Emits the {@code queued} update (protocol-notes §7.6); the job starts when admission lets it. The
     * frame has no {@code job_seq} and is not kept for replay: the run's session does not exist yet.
     */
    synchronized void markQueued(int position) {
        if (phase != Phase.NEW) {
            // A slot freed between admission and this call and the job already started (or ended):
            // a queued frame now would follow its running or terminal frames.
            return;
        }
        phase = Phase.QUEUED;
        status = "queued";
        emitQueued(position);
    }

    /** Re-sends the {@code queued} update with a new position, if the job still waits. */
    synchronized void announceQueued(int position) {
        if (phase == Phase.QUEUED) {
            emitQueued(position);
        }
    }

    private void emitQueued(int position) {
        ObjectNode update = frames.jobUpdate("queued");
        update.put("queue_position", position);
        update.put("message", "Queued (#" + position + ")");
        emit(update, false);
    }

    /**
     * Starts the engine, then runs {@code afterStart} (which sends the command reply, so that it goes out
     * before the job's first frame) and emits the opening {@code running} frames.
     *
     * @throws ai.nodetool.testserver.internal.engine.WorkflowException when the workflow cannot run
     *     (nothing was emitted)
     * @throws IllegalStateException when the engine refuses the run
     * @return false when the job was cancelled before it could start
     */
    boolean start(Runnable afterStart) {
        GraphExecution started;
        WebSocketJob older;
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return false; // cancelled while queued
            }
            faults.take(state.faults().takeStreamFaults());
            startNanos = System.nanoTime();
            // The engine's first message waits for this monitor, so it follows the frames below.
            started = state.engine().start(id, workflow, params, new RunListener() {
                @Override
                public void onMessage(ObjectNode message) {
                    onEngineMessage(message);
                }

                @Override
                public void onNodeFailureError(ObjectNode message) {
                    if (dialect.relaysNodeFailureError()) {
                        onEngineMessage(message);
                    }
                }

                @Override
                public void burst(boolean on) {
                    burstChanged(on);
                }
            });
            execution = started;
            phase = Phase.RUNNING;
            status = "running";
            afterStart.run();
            frames.running();
            older = superseded;
            superseded = null;
        }
        if (older != null) {
            older.supersededBy();
        }
        started.outcome().thenAccept(this::finish);
        return true;
    }

    /** Starts a job that waited in the queue; a start failure becomes its failed update. */
    void startQueued() {
        try {
            if (!start(() -> {})) {
                releaseSlot();
            }
        } catch (RuntimeException e) {
            failBeforeStart(e.getMessage() != null ? e.getMessage() : e.toString(), id);
        }
    }

    /**
     * Reports a job that could not start as {@code job_update failed}. Gen A used the workflow id as
     * the job id of such updates (protocol-notes §8.1), which {@code reportedJobId} allows.
     */
    void failBeforeStart(String message, String reportedJobId) {
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return;
            }
            phase = Phase.FINISHED;
            status = "failed";
            error = message;
            ObjectNode update = frames.jobUpdate("failed");
            update.put("job_id", reportedJobId);
            update.put("error", message);
            emit(update);
            faults.fire(owner, id);
        }
        endpoint.jobFinished(this);
    }

    /**
     * A Gen A/B job whose workflow does not exist: the start fails before any other frame, and the one
     * {@code job_update failed} carries the workflow id as its {@code job_id}, since the request had no
     * job id to fall back on (protocol-notes §8.4).
     */
    void failAfterStart(String message) {
        synchronized (this) {
            faults.take(state.faults().takeStreamFaults());
            phase = Phase.FINISHED;
            status = "failed";
            error = message;
            ObjectNode update = frames.jobUpdate("failed");
            update.put("job_id", workflowId);
            update.put("error", message);
            emit(update);
            faults.fire(owner, id);
        }
        endpoint.jobFinished(this);
    }

    /** Asks a running job to stop; its terminal {@code cancelled} update follows from the engine. */
    void cancelRunning() {
        faults.cancelled();
        GraphExecution running = execution;
        if (running != null) {
            running.cancel();
        }
    }

    /** Cancels a job still in the queue: emits its {@code cancelled} update at once. */
    void cancelQueued() {
        synchronized (this) {
            if (phase != Phase.QUEUED && phase != Phase.NEW) {
                return;
            }
            phase = Phase.FINISHED;
            status = "cancelled";
            // Like the queued frame: the run's session never existed, so no job_seq (protocol-notes §7.6).
            emit(frames.jobUpdate("cancelled"), false);
        }
        endpoint.jobFinished(this);
    }

    /**
     * A newer run with this id was admitted: this one is cancelled (protocol-notes §7.6). Its replay is
     * gone with it, since {@code reconnect_job} for the id now reaches the newer run.
     */
    private void supersededBy() {
        cancelRunning();
    }

    /**
     * Gen A/B {@code cancel_job} (protocol-notes §7.2): the stream stops at once, the job is forgotten by
     * the endpoint and its socket, and the execution is cancelled; its terminal frames go nowhere. Only
     * the cancelling connection's stream is killed: a job that another connection streams is just
     * cancelled, and that connection gets its terminal frame. With
     * the {@code legacyCancelTerminalFrame} fault armed, {@code job_update cancelled} is still sent to
     * {@code session} after the fault's delay.
     */
    void abandon(Session session) {
        Optional<Duration> lateFrame = state.faults().legacyCancelTerminalFrame();
        Session previousOwner;
        synchronized (this) {
            if (owner != session) {
                // Another connection's job: only the cancelling connection's stream dies; the owner's
                // stream goes on and ends with the job's own terminal frame.
                previousOwner = null;
            } else {
                previousOwner = owner;
            }
        }
        if (previousOwner == null) {
            cancelRunning();
            return;
        }
        synchronized (this) {
            abandoned = true;
            previousOwner = owner;
            if (graceTimer != null) {
                graceTimer.cancel(false);
            }
        }
        endpoint.drop(this);
        if (previousOwner != null) {
            previousOwner.disown(this);
        }
        session.disown(this);
        cancelRunning();
        lateFrame.ifPresent(delay -> {
            ObjectNode cancelled = frames.jobUpdate("cancelled");
            dialect.stampIds(cancelled, id, workflowId);
            try {
                state.scheduler().schedule(() -> session.send(cancelled), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down: nothing is sent any more
            }
        });
    }

    /** Drops the job without another frame, as a server restart loses it (protocol-notes §9.2). */
    void forget() {
        synchronized (this) {
            forgotten = true;
            owner = null;
            if (graceTimer != null) {
                graceTimer.cancel(false);
            }
            if (phase != Phase.FINISHED) {
                status = "cancelled";
            }
        }
        cancelRunning();
    }

    // ---- engine side -------------------------------------------------------------------------

    private void onEngineMessage(ObjectNode message) {
        faults.stallIfArmed(); // a stall armed by a frame the socket's thread produced
        synchronized (this) {
            frames.relay(message);
        }
        faults.stallIfArmed();
    }

    /**
     * A burst of engine messages begins or ends: during it frames go to the socket's write buffer
     * without a flush each (the buffer is written out when it fills, by any other send, and here when
     * the burst ends), so a firehose reaches the socket in large writes.
     */
    private void burstChanged(boolean on) {
        Session target;
        synchronized (this) {
            bursting = on;
            target = on ? null : owner;
        }
        if (target != null) {
            target.flush();
        }
    }

    /** Emits the terminal frames. Called once, on the engine thread. */
    void finish(ExecutionOutcome outcome) {
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return;
            }
            if (forgotten) {
                phase = Phase.FINISHED;
                return;
            }
            status = outcome.status();
            error = outcome.error();
            runEnded = true; // before the terminal frames, which block while a slow peer reads them
            frames.terminal(outcome, (System.nanoTime() - startNanos) / 1e9);
            phase = Phase.FINISHED;
            if (graceTimer != null) {
                graceTimer.cancel(false);
            }
            faults.fire(owner, id);
        }
        faults.stallIfArmed();
        endpoint.jobFinished(this);
    }

    /** Stamps, numbers, records, buffers and delivers one job frame. Caller holds the monitor. */
    private void emit(ObjectNode frame) {
        emit(frame, true);
    }

    /** {@link #emit(ObjectNode)}; an unnumbered frame gets no {@code job_seq} and is not kept for replay. */
    private void emit(ObjectNode frame, boolean numbered) {
        if (forgotten || abandoned) {
            return;
        }
        dialect.stampIds(frame, id, workflowId);
        Session target = owner;
        if (target != null) {
            lastMode = target.mediaMode();
            host = target.host();
        }
        endpoint.media().encode(frame, lastMode, host);
        if (buffer != null && numbered) {
            frame.put("job_seq", ++seq);
            buffer.add(frame);
        }
        log.add(frame);
        faults.fire(target, id);
        if (target != null) {
            // A fault that fires after this frame needs it on the wire: flush then, as outside bursts.
            target.send(frame, !bursting || faults.armed());
        }
        faults.afterFrame();
    }

    // ---- sockets -----------------------------------------------------------------------------

    /**
     * The owning socket went away (protocol-notes §9.2): a queued job is cancelled; a running one keeps running
     * detached (buffering, if the dialect replays) and, if the dialect gives a grace period, is cancelled
     * when it ends unattended.
     */
    void detach(Session session) {
        boolean cancelQueued = false;
        synchronized (this) {
            if (owner != session) {
                return;
            }
            owner = null;
            if (phase == Phase.FINISHED) {
                return;
            }
            if (phase == Phase.QUEUED) {
                cancelQueued = true;
            } else {
                dialect.detachedJobGrace(state.settings()).ifPresent(this::startGraceTimer);
            }
        }
        if (cancelQueued) {
            cancelQueued();
        }
    }

    private void startGraceTimer(Duration grace) {
        try {
            graceTimer = state.scheduler().schedule(this::graceExpired, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            cancelRunning(); // the server is shutting down
        }
    }

    private void graceExpired() {
        synchronized (this) {
            if (owner != null || phase == Phase.FINISHED) {
                return;
            }
        }
        cancelRunning();
    }

    /** This job as {@code session}'s {@code cancel_job} cancels it, the way the dialect says. */
    Dialect.RunningJob cancellableBy(Session session, String requestedWorkflowId) {
        return new Dialect.RunningJob() {
            @Override
            public String jobId() {
                return id;
            }

            @Override
            public String workflowId() {
                return workflowId;
            }

            @Override
            public String requestedWorkflowId() {
                return requestedWorkflowId;
            }

            @Override
            public void acknowledge(ObjectNode reply) {
                session.reply(reply);
            }

            @Override
            public void stop() {
                cancelRunning();
            }

            @Override
            public void abandon() {
                WebSocketJob.this.abandon(session);
            }
        };
    }

    /** This job as {@code session}'s {@code reconnect_job} resumes it, the way the dialect says. */
    Dialect.ResumableJob resumableBy(Session session) {
        return new Dialect.ResumableJob() {
            @Override
            public void replayAfter(long lastSeq) {
                replay(session, lastSeq);
            }

            @Override
            public void replayStatuses(String requestedWorkflowId) {
                sendStatuses(session, requestedWorkflowId);
            }
        };
    }

    /**
     * {@code reconnect_job} with replay (protocol-notes §9.1): the {@code job_resumed} header, then every
     * buffered frame after {@code lastSeq}; live frames follow on this socket, which now owns the job.
     */
    private synchronized void replay(Session session, long lastSeq) {
        takeOver(session);
        ReplayBuffer.Replay replay = buffer != null ? buffer.after(lastSeq) : new ReplayBuffer.Replay(List.of(), false);
        ObjectNode header = JSON.objectNode();
        header.put("type", "job_resumed");
        header.put("job_id", id);
        header.put("workflow_id", workflowId);
        header.put("status", phase == Phase.FINISHED ? "finished" : "running");
        header.put("last_seq", seq);
        header.put("replay_count", replay.frames().size());
        header.put("replay_incomplete", replay.incomplete());
        session.send(header);
        for (JsonNode frame : replay.frames()) {
            session.send(frame);
        }
    }

    /**
     * {@code reconnect_job} without replay: a finished job gets one update with its final status; a
     * running one gets its current status, then the last status of every node and edge, then the live
     * frames.
     */
    private synchronized void sendStatuses(Session session, String requestedWorkflowId) {
        String reportedWorkflow =
                requestedWorkflowId != null && !requestedWorkflowId.isEmpty() ? requestedWorkflowId : workflowId;
        ObjectNode update = frames.jobUpdate(status);
        update.put("workflow_id", reportedWorkflow);
        if (phase == Phase.FINISHED) {
            update.put("error", error);
            session.send(update);
            return;
        }
        takeOver(session);
        session.send(update);
        for (ObjectNode frame : frames.latestStatuses()) {
            session.send(frame);
        }
    }

    private void takeOver(Session session) {
        Session previous = owner;
        if (previous != null && previous != session) {
            previous.disown(this);
        }
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
        owner = session;
        session.own(this);
    }
}
