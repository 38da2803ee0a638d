package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that differs between the NodeTool server generations the test server plays, with one
 * object per generation: {@link LegacyDialect} (Gen A) and {@link CurrentDialect} (Gen C). The
 * protocol layers (router, REST routes, WebSocket sessions, commands and jobs) are written once
 * against this interface and hold no generation branches of their own. The facade picks the dialect
 * ({@link #legacy()} or {@link #current()}) from the public {@code Generation} it was built with.
 *
 * <p>A new difference is one more method here, implemented by each dialect. A server version that
 * differs from its generation in a few answers is one more dialect that overrides just those
 * methods ({@link LegacyDialect} is not final for that reason).
 *
 * <p>The methods are grouped by the layer that asks. The WebSocket job methods talk to the job
 * through {@link JobFrames} and {@link ResumableJob}, so that the dialect decides what is sent and
 * the job decides how (numbering, buffering, faults, delivery). Implementations are stateless and
 * thread-safe.
 */
public interface Dialect {

    /** Gen A, the Python FastAPI server, as its newest release (v0.6.3-rc.47) answers. */
    static Dialect legacy() {
        return LegacyDialect.INSTANCE;
    }

    /** Gen A/B as {@code release} answers where releases differ. */
    static Dialect legacy(LegacyRelease release) {
        return release == LegacyRelease.V0_6_3_RC47 ? LegacyDialect.INSTANCE : new LegacyDialect(release);
    }

    /** Gen C, the TypeScript server. */
    static Dialect current() {
        return CurrentDialect.INSTANCE;
    }

    // ---- every HTTP request (Router) ------------------------------------------------------------

    /** The path that accepts WebSocket upgrades. */
    String webSocketPath();

    /** The exchange with the headers this server stamps on every response. */
    RequestExchange withCommonHeaders(RequestExchange exchange);

    /** Whether {@code path} needs no token, besides {@code OPTIONS} and the health routes. */
    boolean isTokenFree(String path);

    /** Answers an HTTP request whose Bearer token is missing or wrong. */
    void refuseHttp(RequestExchange exchange, boolean tokenMissing) throws IOException;

    /** Whether a WebSocket upgrade needs the token when the server has one (Gen A v0.6.0's {@code /predict} did not). */
    default boolean webSocketNeedsToken() {
        return true;
    }

    /** Answers a WebSocket upgrade whose token is missing or wrong. */
    void refuseUpgrade(RequestExchange exchange, boolean tokenMissing) throws IOException;

    /** Answers with an injected HTTP failure (the {@code failNext} fault). */
    void respondInjectedFailure(RequestExchange exchange, int status, Map<String, String> headers) throws IOException;

    // ---- REST ----------------------------------------------------------------------------------

    /** The HTTP framework whose request and routing rules the REST API follows. */
    HttpStack httpStack();

    /** The REST routes this server has, in matching order (literal paths before {@code {id}}). */
    List<RestRoute> restRoutes();

    /** A point in time as this server writes timestamps. */
    String formatTime(Instant instant);

    /** The {@code timestamp} of a {@code {"status":"healthy"}} health body (protocol-notes §4.7). */
    default String formatHealthTime(Instant instant) {
        return formatTime(instant);
    }

    /**
     * The body of a successful blocking Gen A run ({@code {name: last value}}), or, for a release whose
     * route lost results and errors, what it answered instead (protocol-notes §5.2).
     *
     * @return the flat result to send with HTTP 200; empty when the outcome is sent as {@code 500 {"detail"}}
     */
    default Optional<ObjectNode> flatRunBody(ExecutionOutcome outcome, ObjectNode flatResult) {
        return outcome.status().equals("completed") ? Optional.of(flatResult) : Optional.empty();
    }

    /** A workflow listing body around already shaped {@code workflows}. */
    ObjectNode workflowList(List<ObjectNode> workflows, String next);

    /** The answer to a successful {@code DELETE /api/workflows/{id}}. */
    void respondDeleted(RequestExchange exchange) throws IOException;

    /** The {@code description} a workflow response shows for the stored value (never Java null). */
    JsonNode workflowDescription(JsonNode stored);

    /** Sets {@code input_schema} and {@code output_schema} of a workflow response for {@code graph}. */
    void putSchemas(ObjectNode response, JsonNode graph);

    /** Appends the columns that only some generations' workflow responses end with. */
    void putTrailingColumns(ObjectNode response, ObjectNode stored);

    // ---- WebSocket session ---------------------------------------------------------------------

    /**
     * Whether MessagePack frames write every map with a map16 header ({@code 0xde}) even when it is
     * small, as Gen C's msgpackr does; else the smallest header, as Gen A's Python msgpack does
     * (protocol-notes §6.2).
     */
    boolean encodesMapsAsMap16();

    /** How media values travel on a socket in binary (MessagePack) mode. */
    MediaMode binaryMediaMode();

    /** What the server does on its own when a socket opens: greetings and the heartbeat. */
    void greet(SocketGreeting socket);

    /**
     * Whether {@code run_job} goes through admission: the per-user cap on runs in flight and the
     * per-workflow limit, with a per-connection queue (Gen C, protocol-notes §7.6). Without, every
     * run starts at once.
     */
    boolean admitsRuns();

    /** How long a running job survives with no socket attached; empty when it runs on regardless. */
    Optional<Duration> detachedJobGrace(ServerSettings settings);

    /** The frame that announces a server restart before the 1012 close, if any. */
    Optional<ObjectNode> restartNotice(String message);

    // ---- WebSocket commands --------------------------------------------------------------------

    /** How one decoded inbound message is handled. */
    Inbound readInbound(JsonNode message);

    /** What a frame that does not decode gets. */
    Refusal undecodable(String reason);

    /** What a {@code set_mode} with a mode other than {@code binary} or {@code text} gets. */
    Refusal invalidMode();

    /**
     * Whether the run-level {@code error} message that follows a failing node's {@code node_update error}
     * is relayed: Gen A does, Gen C sends none (protocol-notes §8.6).
     */
    boolean relaysNodeFailureError();

    /** Validates a {@code run_job} and resolves its workflow. */
    RunJob readRunJob(ObjectNode data, WorkflowStore store);

    /** How a job that the engine refused to start is reported. */
    StartFailure startFailure();

    /** The {@code message} of the {@code clear_models} acknowledgement. */
    String clearModelsMessage();

    /** The {@code job_update} a {@code reconnect_job} for an unknown job gets after the acknowledgement. */
    ObjectNode reconnectNotFound(String jobId, String requestedWorkflowId);

    /** Resumes {@code job} on the socket that sent {@code reconnect_job} with {@code data}. */
    void resume(ResumableJob job, ObjectNode data);

    /**
     * Cancels a running job for {@code cancel_job}: the acknowledgement first, then the stop, so that
     * any terminal frame follows it. Both generations do this today; a dialect whose cancel differs
     * (no terminal frame, the job forgotten at once) overrides it.
     */
    default void cancelRunning(RunningJob job) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("message", "Job cancellation requested");
        reply.put("job_id", job.jobId());
        reply.put("workflow_id", job.workflowId());
        job.acknowledge(reply);
        job.stop();
    }

    /** The {@code workflow_id} of the reply to a {@code cancel_job} for an unknown or finished job. */
    String cancelNotFoundWorkflowId(String requestedWorkflowId);

    /** Whether {@code get_status} still reports a job of the connection once it finished (else {@code not_found}). */
    boolean keepsFinishedJobsOnConnection();

    // ---- WebSocket job frames ------------------------------------------------------------------

    /** The {@code require_terminal_result} a job runs with, from its {@code run_job} data. */
    boolean requireTerminalResult(JsonNode runJobData);

    /** The {@code execution_options.event_detail} a job runs with: {@code full}, {@code outputs} or {@code terminal}. */
    String eventDetail(JsonNode runJobData);

    /** Frames a job keeps for {@code reconnect_job} replay; 0 when frames carry no {@code job_seq} and are not replayed. */
    int replayBufferEvents(ServerSettings settings);

    /** Sets the ids every job frame carries. */
    void stampIds(ObjectNode frame, String jobId, String workflowId);

    /** Emits the {@code running} frames of a job that started. */
    void emitRunning(JobFrames job);

    /** Adapts one canonical engine message; null when this server does not relay it. */
    ObjectNode relay(ObjectNode message, JobFrames job);

    /** Emits the terminal frames of a job that ended with {@code outcome} after {@code seconds}. */
    void emitTerminal(ExecutionOutcome outcome, double seconds, JobFrames job);

    // ---- types ---------------------------------------------------------------------------------

    /** The request and routing rules of the HTTP framework a server is built on. */
    enum HttpStack {
        /**
         * FastAPI (Gen A): strict bodies and query values with 422 pydantic errors, a significant
         * trailing slash with 307 to the toggled path, {@code 405 Method Not Allowed} with {@code Allow}.
         */
        FASTAPI,
        /**
         * NodeTool's TypeScript server (Gen C): lenient bodies (JSON only with a JSON content type),
         * limits that fall back to defaults, paths with or without a trailing slash, HEAD as GET.
         */
        NODE
    }

    /** The REST handlers of all generations; a dialect routes to the ones its server has. */
    enum RestEndpoint {
        LIST_WORKFLOWS,
        CREATE_WORKFLOW,
        GET_WORKFLOW,
        UPDATE_WORKFLOW,
        DELETE_WORKFLOW,
        WORKFLOW_NAMES,
        LIST_PUBLIC,
        GET_PUBLIC,
        TOOLS,
        EXAMPLES,
        SEARCH_EXAMPLES,
        EXAMPLE,
        WORKFLOW_INTERFACE,
        /** {@code POST /api/workflows/{id}/run} answering the flat result map (or NDJSON with {@code ?stream=true}). */
        RUN_FLAT,
        /** {@code POST /api/workflows/{id}/run} answering the run envelope. */
        RUN_ENVELOPE,
        WORKER_LIST,
        WORKER_PUT,
        WORKER_DELETE,
        WORKER_RUN,
        WORKER_STREAM,
        /** The worker's {@code {"status":"healthy","timestamp"}}. */
        WORKER_HEALTH,
        HEALTH,
        /** Gen A/B editor {@code /health}: the JSON string {@code "OK"}. */
        LEGACY_HEALTH,
        READY,
        API_HEALTH,
        TEMP_FILE,
        // SDK v1 surface and uploads (protocol-notes §11), current generation only
        SDK_CAPABILITIES,
        SDK_PREFLIGHT,
        SDK_WORKFLOW_SUMMARIES,
        SDK_WORKFLOW_INTERFACES,
        SDK_WORKFLOW_INTERFACE,
        SDK_NODE_TYPES,
        SDK_MODELS,
        SDK_MODEL_DOWNLOADS,
        SDK_START_MODEL_DOWNLOAD,
        SDK_CANCEL_MODEL_DOWNLOAD,
        SDK_TEMPORARY_ASSET,
        CREATE_ASSET,
        NODE_METADATA,
        STORAGE_GET,
        STORAGE_PUT
    }

    /** One REST route: method, path pattern with {@code {name}} segments, and its handler. */
    record RestRoute(String method, String path, RestEndpoint endpoint) {}

    /** How a command that cannot proceed is refused. */
    sealed interface Refusal permits Reply, CloseSocket {}

    /** Refused with a direct reply; the socket stays open. */
    record Reply(ObjectNode body) implements Refusal, Inbound, RunJob {}

    /** Refused by closing the socket normally, as a receive loop that ends on a validation error does. */
    record CloseSocket() implements Refusal, Inbound, RunJob {}

    /** What an inbound message is: a command, a control frame, or something refused. */
    sealed interface Inbound permits Command, Control, Reply, CloseSocket {}

    /**
     * A command envelope.
     *
     * @param requestId the envelope's {@code request_id} as text, or null
     */
    record Command(String name, ObjectNode data, String requestId) implements Inbound {}

    /** A message without a {@code command} that the server reads as a control frame (ping, tool results…). */
    record Control(ObjectNode message) implements Inbound {}

    /** A {@code run_job} that may start, or its refusal. */
    sealed interface RunJob permits StartJob, Reply, CloseSocket {}

    /**
     * A {@code run_job} that starts a job.
     *
     * @param jobId the new job's id
     * @param workflowId the workflow id its frames carry ({@code ""} for an inline graph without one)
     * @param acknowledgedWorkflowId the {@code workflow_id} of the {@code Job started} reply (may be null)
     * @param workflow the workflow to execute; null when it does not exist and the job must fail after starting
     */
    record StartJob(String jobId, String workflowId, String acknowledgedWorkflowId, JsonNode workflow)
            implements RunJob {}

    /** How a job the engine refused to start is reported. */
    enum StartFailure {
        /** The command is rejected with {@code {"error":"invalid_command","details":<message>}}; no job frame. */
        REJECT_COMMAND,
        /** {@code Job started}, then a {@code job_update failed} whose {@code job_id} is the workflow id. */
        FAIL_JOB_UNDER_WORKFLOW_ID
    }

    /** A socket that just opened, as the dialect greets it. */
    interface SocketGreeting {
        String runnerId();

        String connectionId();

        /** Sends straight to the socket as MessagePack, before the session's mode applies. */
        void sendMessagePack(ObjectNode message);

        /** Sends in the socket's mode. */
        void send(ObjectNode message);

        /** Starts the periodic {@code ping} (if the settings give an interval). */
        void startHeartbeat();
    }

    /** One WebSocket job as the dialect produces its frames. */
    interface JobFrames {
        String jobId();

        String workflowId();

        boolean requireTerminalResult();

        String eventDetail();

        /** The type of a node of the job's graph, or {@code ""}. */
        String nodeType(String nodeId);

        /** A fresh {@code {type:"job_update", status, job_id, workflow_id}}. */
        ObjectNode jobUpdate(String status);

        /** Numbers, records and delivers one frame. */
        void emit(ObjectNode frame);

        /**
         * Whether a node error ends the job {@code failed} (Gen C's supervisor-era runner) rather than
         * {@code completed} (older kernels), protocol-notes §8.6.
         */
        boolean nodeErrorsFailJob();

        /** Whether an {@code output_update} of the engine was relayed. */
        boolean outputRelayed();

        void markOutputRelayed();
    }

    /** A running job that a command cancels. */
    interface RunningJob {
        String jobId();

        String workflowId();

        /** The {@code workflow_id} the {@code cancel_job} named, or null. */
        String requestedWorkflowId();

        /** Sends the command's direct reply. */
        void acknowledge(ObjectNode reply);

        /** Stops the execution; its terminal frames (as the dialect emits them) follow from the engine. */
        void stop();

        /**
         * Stops the execution and the job's stream at once and forgets the job, as Gen A/B's cancel does
         * (protocol-notes §7.2): no further frame of it is sent (unless the {@code legacyCancelTerminalFrame}
         * fault is armed), {@code get_status} answers {@code not_found}, another {@code cancel_job} finds nothing.
         */
        void abandon();
    }

    /** A job a {@code reconnect_job} attaches to. */
    interface ResumableJob {
        /** The {@code job_resumed} header, then every buffered frame after {@code lastSeq}; the socket owns the job. */
        void replayAfter(long lastSeq);

        /**
         * The job's status as one {@code job_update} (with {@code requestedWorkflowId} when given); a running
         * job then sends the last status of every node and edge, and the socket owns it.
         */
        void replayStatuses(String requestedWorkflowId);
    }
}
