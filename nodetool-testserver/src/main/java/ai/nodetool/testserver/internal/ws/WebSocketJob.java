package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.StreamFaults;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.GraphExecution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One workflow job started over the WebSocket: turns the engine's canonical node messages into the
 * generation's job frames (PROTOCOL.md section 4.7), numbers and buffers them for replay (Gen C,
 * section 4.8), applies the armed stream faults and delivers them to whichever socket owns the job.
 *
 * <p>Threading: the engine's run thread calls {@link #onEngineMessage} and {@link #finish}; socket
 * reader threads call the command-side methods; the server's timer thread expires the grace period.
 * Frame production, numbering and delivery hold this object's monitor, so frames reach a socket in
 * {@code job_seq} order and a reconnect's replay never interleaves with live frames. Stalls (a fault)
 * sleep outside it.
 */
final class WebSocketJob {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    enum Phase { NEW, QUEUED, RUNNING, FINISHED }

    private final WebSocketEndpoint endpoint;
    private final ServerState state;
    private final boolean legacy;
    private final String id;
    private final String workflowId;
    private final JsonNode workflow;
    private final JsonNode params;
    private final boolean requireTerminalResult;
    private final String eventDetail;
    private final Map<String, String> nodeTypes = new HashMap<>();
    private final Set<String> inputNames = new java.util.HashSet<>();
    private final List<JsonNode> log;
    private final ReplayBuffer buffer;
    private final Session starter;
    private final CountDownLatch cancelSignal = new CountDownLatch(1);

    // Guarded by this.
    private Session owner;
    private MediaEncoder.Mode lastMode;
    private String host;
    private long seq;
    private int produced;
    private int dropAfter = -1;
    private int stallAfter = -1;
    private long stallMillis;
    private int malformedAfter = -1;
    private int oversizeAfter = -1;
    private int oversizeBytes;
    private long pendingStallMillis;
    private boolean outputRelayed;
    private final Map<String, ObjectNode> nodeStatuses = new LinkedHashMap<>();
    private final Map<String, ObjectNode> edgeStatuses = new LinkedHashMap<>();
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
     * @param options the {@code run_job} data, for {@code require_terminal_result} and {@code execution_options}
     */
    WebSocketJob(WebSocketEndpoint endpoint, Session starter, String id, String workflowId, JsonNode workflow,
            JsonNode params, JsonNode options) {
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.legacy = state.legacy();
        this.starter = starter;
        this.id = id;
        this.workflowId = workflowId;
        this.workflow = workflow;
        this.params = params;
        this.requireTerminalResult = !legacy && options.path("require_terminal_result").asBoolean(false);
        String detail = options.path("execution_options").path("event_detail").asText("full");
        this.eventDetail = legacy ? "full" : detail;
        this.log = java.util.Collections.synchronizedList(new ArrayList<>());
        this.buffer = legacy ? null : new ReplayBuffer(state.settings().replayBufferEvents());
        this.owner = starter;
        this.lastMode = starter.mediaMode();
        this.host = starter.host();
        for (JsonNode node : workflow.path("graph").path("nodes")) {
            String nodeId = node.path("id").asText();
            String type = node.path("type").asText();
            nodeTypes.put(nodeId, type);
            if (type.startsWith("nodetool.input.")) {
                JsonNode data = node.has("data") ? node.get("data") : node.path("properties");
                String name = data.path("name").asText("");
                inputNames.add(name.isEmpty() ? nodeId : name);
            }
        }
    }

    /** Every frame produced for this job (synchronized list). */
    List<JsonNode> log() {
        return log;
    }

    Session starter() {
        return starter;
    }

    /** Marks that this job occupies one of its starter's run slots (Gen C queueing). */
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
        return inputNames.contains(name);
    }

    boolean hasNode(String nodeId) {
        return nodeTypes.containsKey(nodeId);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Emits the {@code queued} update (Gen C, section 4.7 step 1); the job starts when a slot frees. */
    synchronized void markQueued(int position) {
        if (phase != Phase.NEW) {
            // A slot freed between admission and this call and the job already started (or ended):
            // a queued frame now would follow its running or terminal frames.
            return;
        }
        phase = Phase.QUEUED;
        status = "queued";
        ObjectNode update = jobUpdate("queued");
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
            takeFaults();
            startNanos = System.nanoTime();
            // The engine's first message waits for this monitor, so it follows the frames below.
            started = state.engine().start(id, workflow, params, this::onEngineMessage);
            execution = started;
            phase = Phase.RUNNING;
            status = "running";
            afterStart.run();
            if (legacy) {
                // Gen A: the socket wrapper's running frame, then the runner's own (section 4.7).
                emit(jobUpdate("running"));
                emit(jobUpdate("running"));
            } else {
                if (!requireTerminalResult) {
                    emit(jobUpdate("running")); // the relay's eager frame
                }
                ObjectNode kernel = jobUpdate("running");
                kernel.put("message", "Workflow started");
                emit(kernel);
            }
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
     * the job id of such updates (section 4.7), which {@code reportedJobId} allows.
     */
    void failBeforeStart(String message, String reportedJobId) {
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return;
            }
            phase = Phase.FINISHED;
            status = "failed";
            error = message;
            ObjectNode update = jobUpdate("failed");
            update.put("job_id", reportedJobId);
            update.put("error", message);
            emit(update);
            applyFaults(ownerOrNull());
        }
        endpoint.jobFinished(this);
    }

    /**
     * Gen A with an unknown workflow: the run itself starts (wrapper {@code running}) and its loader
     * fails, so a {@code failed} update follows.
     */
    void failAfterStart(String message) {
        synchronized (this) {
            takeFaults();
            phase = Phase.RUNNING;
            emit(jobUpdate("running"));
            phase = Phase.FINISHED;
            status = "failed";
            error = message;
            ObjectNode update = jobUpdate("failed");
            update.put("error", message);
            emit(update);
            applyFaults(ownerOrNull());
        }
        endpoint.jobFinished(this);
    }

    /** Asks a running job to stop; its terminal {@code cancelled} update follows from the engine. */
    void cancelRunning() {
        cancelSignal.countDown();
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
            emit(jobUpdate("cancelled"));
        }
        endpoint.jobFinished(this);
    }

    /** Drops the job without another frame, as a server restart loses it (section 4.9). */
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
        stallIfArmed(); // a stall armed by a frame the socket's thread produced
        synchronized (this) {
            relay(message);
        }
        stallIfArmed();
    }

    /** Section 4.7: adapt one canonical node message to the generation and emit it. */
    private void relay(ObjectNode message) {
        String type = message.path("type").asText();
        if (legacy) {
            if (type.equals("error") && message.has("message") && !message.has("error")) {
                // Gen A's error messages carry `error`, not `message` (section 4.7, section 9 item 9).
                JsonNode text = message.remove("message");
                message.set("error", text);
            }
        } else {
            if (fromInputOrConstant(message, type)) {
                return; // Gen C relay filtering (section 4.7)
            }
            if (type.equals("output_update")) {
                outputRelayed = true;
            }
            if (droppedByEventDetail(message, type)) {
                return;
            }
            if (type.equals("edge_update")) {
                message.put("workflow_id", id); // the kernel's quirk: the job id in workflow_id
            }
        }
        if (type.equals("node_progress") && !message.has("chunk")) {
            message.put("chunk", "");
        }
        emit(message);
        if (legacy && type.equals("node_update")) {
            nodeStatuses.put(message.path("node_id").asText(), message.deepCopy());
        } else if (legacy && type.equals("edge_update")) {
            edgeStatuses.put(message.path("edge_id").asText(), message.deepCopy());
        }
    }

    private boolean fromInputOrConstant(ObjectNode message, String type) {
        if (!type.equals("node_update") && !type.equals("output_update") && !type.equals("generation_complete")) {
            return false;
        }
        String nodeType = message.hasNonNull("node_type") ? message.get("node_type").asText()
                : nodeTypes.getOrDefault(message.path("node_id").asText(), "");
        return nodeType.startsWith("nodetool.input.") || nodeType.startsWith("nodetool.constant.");
    }

    /** {@code execution_options.event_detail} (section 4.5). */
    private boolean droppedByEventDetail(ObjectNode message, String type) {
        if (eventDetail.equals("full")) {
            return false;
        }
        switch (type) {
            case "node_update":
                return !"error".equals(message.path("status").asText());
            case "generation_complete":
            case "edge_update":
                return true;
            case "output_update":
                return eventDetail.equals("terminal");
            default:
                return false;
        }
    }

    /** Emits the terminal updates of section 4.7 for the generation. Called once, on the engine thread. */
    void finish(ExecutionOutcome outcome) {
        synchronized (this) {
            if (phase == Phase.FINISHED) {
                return;
            }
            if (forgotten) {
                phase = Phase.FINISHED;
                return;
            }
            String finalStatus = outcome.status();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            status = finalStatus;
            error = outcome.error();
            if (legacy) {
                finishLegacy(outcome, finalStatus, seconds);
            } else {
                finishCurrent(outcome, finalStatus, seconds);
            }
            phase = Phase.FINISHED;
            if (graceTimer != null) {
                graceTimer.cancel(false);
            }
            applyFaults(ownerOrNull());
        }
        stallIfArmed();
        endpoint.jobFinished(this);
    }

    private void finishLegacy(ExecutionOutcome outcome, String finalStatus, double seconds) {
        ObjectNode update = jobUpdate(finalStatus);
        if (finalStatus.equals("completed")) {
            // Gen A: the result map directly under `result` (section 4.7, no `outputs` wrapper).
            update.set("result", outputs(outcome));
            update.put("message", "Workflow " + workflowId + " completed in "
                    + String.format(Locale.ROOT, "%.2f", seconds) + " seconds");
        } else if (finalStatus.equals("failed")) {
            update.put("error", outcome.error());
        }
        emit(update);
    }

    private void finishCurrent(ExecutionOutcome outcome, String finalStatus, double seconds) {
        boolean hasOutputs = !outcome.outputs().isEmpty();
        switch (finalStatus) {
            case "completed":
                if (!requireTerminalResult) {
                    emit(jobUpdate("completed")); // the kernel's frame, without a result
                }
                if (hasOutputs || requireTerminalResult) {
                    if (hasOutputs && !outputRelayed) {
                        synthesizeOutputUpdates(outcome);
                    }
                    emit(resultUpdate("completed", null, outcome, seconds));
                }
                break;
            case "failed":
                ObjectNode failed = jobUpdate("failed");
                failed.put("error", outcome.error());
                emit(failed);
                if (hasOutputs) {
                    emit(resultUpdate("failed", outcome.error(), outcome, seconds));
                }
                break;
            default:
                emit(jobUpdate(finalStatus));
        }
    }

    private ObjectNode resultUpdate(String finalStatus, String errorText, ExecutionOutcome outcome, double seconds) {
        ObjectNode update = jobUpdate(finalStatus);
        if (errorText != null) {
            update.put("error", errorText);
        }
        update.putObject("result").set("outputs", outputs(outcome));
        update.put("duration", seconds);
        return update;
    }

    private void synthesizeOutputUpdates(ExecutionOutcome outcome) {
        for (Map.Entry<String, List<JsonNode>> output : outcome.outputs().entrySet()) {
            for (JsonNode value : output.getValue()) {
                ObjectNode update = JSON.objectNode();
                update.put("type", "output_update");
                update.put("node_id", output.getKey());
                update.put("node_name", output.getKey());
                update.put("output_name", "output");
                update.set("value", value.deepCopy());
                update.put("output_type", "any");
                update.putObject("metadata");
                if (!droppedByEventDetail(update, "output_update")) {
                    emit(update);
                }
            }
        }
    }

    private static ObjectNode outputs(ExecutionOutcome outcome) {
        ObjectNode map = JSON.objectNode();
        for (Map.Entry<String, List<JsonNode>> output : outcome.outputs().entrySet()) {
            List<JsonNode> values = new ArrayList<>();
            output.getValue().forEach(v -> values.add(v.deepCopy()));
            map.putArray(output.getKey()).addAll(values);
        }
        return map;
    }

    private ObjectNode jobUpdate(String jobStatus) {
        ObjectNode update = JSON.objectNode();
        update.put("type", "job_update");
        update.put("status", jobStatus);
        update.put("job_id", id);
        update.put("workflow_id", workflowId);
        return update;
    }

    // ---- frames ------------------------------------------------------------------------------

    /** Stamps, numbers, records, buffers and delivers one job frame. Caller holds the monitor. */
    private void emit(ObjectNode frame) {
        if (forgotten) {
            return;
        }
        if (legacy) {
            frame.put("job_id", frame.path("job_id").asText(id));
            if (!frame.has("workflow_id")) {
                frame.put("workflow_id", workflowId);
            }
        } else {
            if (!frame.hasNonNull("job_id")) {
                frame.put("job_id", id);
            }
            if (!frame.hasNonNull("workflow_id")) {
                frame.put("workflow_id", workflowId);
            }
        }
        Session target = owner;
        if (target != null) {
            lastMode = target.mediaMode();
            host = target.host();
        }
        endpoint.media().encode(frame, lastMode, host);
        if (!legacy) {
            frame.put("job_seq", ++seq);
            buffer.add(frame);
        }
        log.add(frame);
        applyFaults(target);
        produced++;
        if (target != null) {
            target.send(frame);
        }
        if (stallAfter == produced) {
            // Served by the engine thread once it leaves the monitor, so only this job pauses.
            stallAfter = -1;
            pendingStallMillis = stallMillis;
        }
    }

    private void takeFaults() {
        StreamFaults faults = state.faults().takeStreamFaults();
        dropAfter = faults.dropAfter();
        stallAfter = faults.stallAfter();
        stallMillis = faults.stallFor().toMillis();
        malformedAfter = faults.malformedAfter();
        oversizeAfter = faults.oversizeAfter();
        oversizeBytes = faults.oversizeBytes();
        if (stallAfter == 0) {
            stallAfter = -1;
            pendingStallMillis = stallMillis;
        }
    }

    /** Fires the stream faults armed at position {@code produced} ("after n job frames"). */
    private void applyFaults(Session target) {
        if (malformedAfter == produced) {
            malformedAfter = -1;
            if (target != null) {
                target.sendRawBinary(new byte[] {(byte) 0xc1}); // 0xc1 is never used in MessagePack
            }
        }
        if (oversizeAfter == produced) {
            oversizeAfter = -1;
            if (target != null) {
                target.sendOversize(id, oversizeBytes);
            }
        }
        if (dropAfter == produced) {
            dropAfter = -1;
            if (target != null) {
                target.abort();
            }
        }
    }

    /** A stall fault pauses the job's thread (not the socket's), waking early on cancel. */
    private void stallIfArmed() {
        long millis;
        synchronized (this) {
            millis = pendingStallMillis;
            pendingStallMillis = 0;
        }
        if (millis > 0) {
            try {
                cancelSignal.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Session ownerOrNull() {
        return owner;
    }

    // ---- sockets -----------------------------------------------------------------------------

    /**
     * The owning socket went away (section 4.9). Gen C: a queued job is cancelled, a running one keeps
     * running detached and buffering, and is cancelled when the grace period ends unattended. Gen A:
     * the job keeps running; its frames go nowhere.
     */
    void detach(Session session) {
        boolean cancelQueued = false;
        synchronized (this) {
            if (owner != session) {
                return;
            }
            owner = null;
            if (legacy || phase == Phase.FINISHED) {
                return;
            }
            if (phase == Phase.QUEUED) {
                cancelQueued = true;
            } else {
                long graceMillis = state.settings().detachGrace().toMillis();
                try {
                    graceTimer = state.scheduler().schedule(this::graceExpired, graceMillis, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    cancelRunning(); // the server is shutting down
                }
            }
        }
        if (cancelQueued) {
            cancelQueued();
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

    /**
     * Gen C {@code reconnect_job} (section 4.8): the {@code job_resumed} header, then every buffered
     * frame after {@code lastSeq}; live frames follow on this socket, which now owns the job.
     */
    synchronized void resume(Session session, long lastSeq) {
        takeOver(session);
        ReplayBuffer.Replay replay = buffer.after(lastSeq);
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
     * Gen A {@code reconnect_job}: a finished job gets one update with its final status; a running one
     * gets its current status, then the last status of every node and edge, then the live frames.
     */
    synchronized void resumeLegacy(Session session, String requestedWorkflowId) {
        String reportedWorkflow = requestedWorkflowId != null && !requestedWorkflowId.isEmpty()
                ? requestedWorkflowId : workflowId;
        ObjectNode update = jobUpdate(status);
        update.put("workflow_id", reportedWorkflow);
        if (phase == Phase.FINISHED) {
            update.put("error", error);
            session.send(update);
            return;
        }
        takeOver(session);
        session.send(update);
        for (ObjectNode node : nodeStatuses.values()) {
            session.send(node);
        }
        for (ObjectNode edge : edgeStatuses.values()) {
            session.send(edge);
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
