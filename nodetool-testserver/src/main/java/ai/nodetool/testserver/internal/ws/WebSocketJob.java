package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.MediaMode;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.GraphExecution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private final List<JsonNode> log = Collections.synchronizedList(new ArrayList<>());
    private final ReplayBuffer buffer; // null when the dialect does not replay
    private final Session starter;
    private final JobFaults faults = new JobFaults();

    // Guarded by this.
    private final FrameTranslator frames;
    private Session owner;
    private MediaMode lastMode;
    private String host;
    private long seq;
    private ScheduledFuture<?> graceTimer;
    private boolean forgotten;
    private long startNanos;

    private volatile Phase phase = Phase.NEW;
    private volatile String status = "queued";
    private volatile String error;
    private volatile GraphExecution execution;
    private volatile boolean holdsSlot;

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
        int replayEvents = dialect.replayBufferEvents(state.settings());
        this.buffer = replayEvents > 0 ? new ReplayBuffer(replayEvents) : null;
        this.frames = new FrameTranslator(dialect, id, workflowId, workflow, runJobData, this::emit);
        this.owner = starter;
        this.lastMode = starter.mediaMode();
        this.host = starter.host();
    }

    /** Every frame produced for this job (synchronized list). */
    List<JsonNode> log() {
        return log;
    }

    Session starter() {
        return starter;
    }

    /** Marks that this job occupies one of its starter's run slots (queueing). */
    void holdSlot() {
        holdsSlot = true;
    }

    /** Gives the run slot back, once. */
    void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            starter.slotFreed();
        }
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

    /** Emits the {@code queued} update (protocol-notes §8.3 step 1); the job starts when a slot frees. */
    synchronized void markQueued(int position) {
        if (phase != Phase.NEW) {
            // A slot freed between admission and this call and the job already started (or ended):
            // a queued frame now would follow its running or terminal frames.
            return;
        }
        phase = Phase.QUEUED;
        status = "queued";
        ObjectNode update = frames.jobUpdate("queued");
        update.put("queue_position", position);
        update.put("message", "Queued (#" + position + ")");
        emit(update);
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
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return false; // cancelled while queued
            }
            faults.take(state.faults().takeStreamFaults());
            startNanos = System.nanoTime();
            // The engine's first message waits for this monitor, so it follows the frames below.
            started = state.engine().start(id, workflow, params, this::onEngineMessage);
            execution = started;
            phase = Phase.RUNNING;
            status = "running";
            afterStart.run();
            frames.running();
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
     * A job whose workflow does not exist: the run itself starts (wrapper {@code running}) and its
     * loader fails, so a {@code failed} update follows (Gen A).
     */
    void failAfterStart(String message) {
        synchronized (this) {
            faults.take(state.faults().takeStreamFaults());
            phase = Phase.RUNNING;
            emit(frames.jobUpdate("running"));
            phase = Phase.FINISHED;
            status = "failed";
            error = message;
            ObjectNode update = frames.jobUpdate("failed");
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
            emit(frames.jobUpdate("cancelled"));
        }
        endpoint.jobFinished(this);
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
        if (forgotten) {
            return;
        }
        dialect.stampIds(frame, id, workflowId);
        Session target = owner;
        if (target != null) {
            lastMode = target.mediaMode();
            host = target.host();
        }
        endpoint.media().encode(frame, lastMode, host);
        if (buffer != null) {
            frame.put("job_seq", ++seq);
            buffer.add(frame);
        }
        log.add(frame);
        faults.fire(target, id);
        if (target != null) {
            target.send(frame);
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
    Dialect.RunningJob cancellableBy(Session session) {
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
            public void acknowledge(ObjectNode reply) {
                session.reply(reply);
            }

            @Override
            public void stop() {
                cancelRunning();
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
