package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.core.Dialect.RestEndpoint;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.SchemaDerivation;
import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.WebSocketConnection;
import ai.nodetool.testserver.internal.net.WebSocketListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Gen A, the Python FastAPI server NodeTool's Workflow API Guide documents: flat run results, the
 * Worker API, WebSocket {@code /predict} with a strict command envelope that closes the socket on
 * anything it cannot validate, no replay, {@code {"detail"}} errors.
 *
 * <p>Not final: a legacy release that answers differently overrides the methods that differ.
 */
class LegacyDialect implements Dialect {
    static final LegacyDialect INSTANCE = new LegacyDialect(LegacyRelease.V0_6_3_RC47);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> COMMANDS = Set.of(
            "run_job",
            "reconnect_job",
            "cancel_job",
            "get_status",
            "set_mode",
            "clear_models",
            "stream_input",
            "end_input_stream");
    private static final String W = "/api/workflows";
    /** Editor routes first, literal paths before {@code {id}}; then run, the Worker API and health. */
    private static final List<RestRoute> ROUTES = List.of(
            new RestRoute("GET", W + "/", RestEndpoint.LIST_WORKFLOWS),
            new RestRoute("POST", W + "/", RestEndpoint.CREATE_WORKFLOW),
            new RestRoute("GET", W + "/public", RestEndpoint.LIST_PUBLIC),
            new RestRoute("GET", W + "/public/{id}", RestEndpoint.GET_PUBLIC),
            new RestRoute("GET", W + "/tools", RestEndpoint.TOOLS),
            new RestRoute("GET", W + "/examples", RestEndpoint.EXAMPLES),
            new RestRoute("GET", W + "/examples/search", RestEndpoint.SEARCH_EXAMPLES),
            new RestRoute("GET", W + "/examples/{package}/{name}", RestEndpoint.EXAMPLE),
            new RestRoute("GET", W + "/{id}", RestEndpoint.GET_WORKFLOW),
            new RestRoute("PUT", W + "/{id}", RestEndpoint.UPDATE_WORKFLOW),
            new RestRoute("DELETE", W + "/{id}", RestEndpoint.DELETE_WORKFLOW),
            new RestRoute("POST", W + "/{id}/run", RestEndpoint.RUN_FLAT),
            new RestRoute("GET", "/workflows", RestEndpoint.WORKER_LIST),
            new RestRoute("PUT", "/workflows/{id}", RestEndpoint.WORKER_PUT),
            new RestRoute("DELETE", "/workflows/{id}", RestEndpoint.WORKER_DELETE),
            new RestRoute("POST", "/workflows/{id}/run", RestEndpoint.WORKER_RUN),
            new RestRoute("POST", "/workflows/{id}/run/stream", RestEndpoint.WORKER_STREAM),
            new RestRoute("GET", "/health", RestEndpoint.LEGACY_HEALTH),
            new RestRoute("GET", "/ping", RestEndpoint.WORKER_HEALTH));

    private static final DateTimeFormatter UTC_OFFSET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").withZone(ZoneOffset.UTC);

    private final LegacyRelease release;

    LegacyDialect(LegacyRelease release) {
        this.release = release;
    }

    @Override
    public String toString() {
        return "LegacyDialect[" + release + "]";
    }

    // ---- HTTP

    @Override
    public String webSocketPath() {
        return "/predict";
    }

    @Override
    public RequestExchange withCommonHeaders(RequestExchange exchange) {
        return exchange;
    }

    @Override
    public boolean isTokenFree(String path) {
        return false;
    }

    @Override
    public void refuseHttp(RequestExchange exchange, boolean tokenMissing) throws IOException {
        String message = tokenMissing
                ? "Authorization header required. Use 'Authorization: Bearer <token>'."
                : "Invalid authentication token.";
        Responses.detail(exchange, 401, message, Map.of("WWW-Authenticate", "Bearer"));
    }

    /** v0.6.0 had no auth on {@code /predict} (protocol-notes §3.3). */
    @Override
    public boolean webSocketNeedsToken() {
        return release != LegacyRelease.V0_6_0;
    }

    /**
     * v0.6.1 closed before accepting, which uvicorn turns into a bare HTTP 403; from v0.6.2 the server
     * accepts the socket, then closes it with 1008 and a reason (protocol-notes §3.3).
     */
    @Override
    public void refuseUpgrade(RequestExchange exchange, boolean tokenMissing) throws IOException {
        if (!release.atLeast(LegacyRelease.V0_6_2)) {
            exchange.respond(403, Map.of("Content-Length", "0"), new byte[0]);
            return;
        }
        WebSocketConnection socket = exchange.upgradeToWebSocket(new WebSocketListener() {
            @Override
            public void onText(WebSocketConnection connection, String text) {}

            @Override
            public void onBinary(WebSocketConnection connection, byte[] data) {}
        });
        socket.close(1008, tokenMissing ? "Missing authentication" : "Invalid authentication");
    }

    @Override
    public void respondInjectedFailure(RequestExchange exchange, int status, Map<String, String> headers)
            throws IOException {
        Responses.detail(exchange, status, "Injected fault: HTTP " + status, headers);
    }

    // ---- REST

    @Override
    public HttpStack httpStack() {
        return HttpStack.FASTAPI;
    }

    @Override
    public List<RestRoute> restRoutes() {
        return ROUTES;
    }

    @Override
    public String formatTime(Instant instant) {
        return Timestamps.python(instant);
    }

    /**
     * {@code /ping}: the worker's naive time until the editor got its own {@code /ping} (early 2026), whose
     * time carries {@code +00:00} (protocol-notes §4.7).
     */
    @Override
    public String formatHealthTime(Instant instant) {
        return release.atLeast(LegacyRelease.V0_6_3_RC26) ? UTC_OFFSET.format(instant) : Timestamps.python(instant);
    }

    /** Up to rc.26 the route answered {@code {}} with HTTP 200 whatever happened (protocol-notes §5.2). */
    @Override
    public Optional<ObjectNode> flatRunBody(ExecutionOutcome outcome, ObjectNode flatResult) {
        if (!release.atLeast(LegacyRelease.V0_6_3_RC27)) {
            return Optional.of(JSON.objectNode());
        }
        return Dialect.super.flatRunBody(outcome, flatResult);
    }

    /** Gen A's pydantic {@code WorkflowList} declares {@code next} first (protocol-notes §4.4). */
    @Override
    public ObjectNode workflowList(List<ObjectNode> workflows, String next) {
        ObjectNode body = JSON.objectNode();
        body.put("next", next);
        body.putArray("workflows").addAll(workflows);
        return body;
    }

    /** {@code 200} with the body {@code null}. */
    @Override
    public void respondDeleted(RequestExchange exchange) throws IOException {
        Responses.json(exchange, 200, JSON.nullNode());
    }

    @Override
    public JsonNode workflowDescription(JsonNode stored) {
        return stored.isNull() ? JSON.textNode("") : stored;
    }

    /** Section 2.6: the old JS clients build their forms from these. */
    @Override
    public void putSchemas(ObjectNode response, JsonNode graph) {
        response.set("input_schema", SchemaDerivation.inputSchema(graph));
        response.set("output_schema", SchemaDerivation.outputSchema(graph));
    }

    @Override
    public void putTrailingColumns(ObjectNode response, ObjectNode stored) {
        // Gen A's Workflow model ends with required_models.
    }

    // ---- WebSocket session

    /** Python msgpack writes the smallest map header. */
    @Override
    public boolean encodesMapsAsMap16() {
        return false;
    }

    @Override
    public MediaMode binaryMediaMode() {
        return MediaMode.RAW;
    }

    /** Gen A sends nothing unsolicited and has no heartbeat (protocol-notes §6.3). */
    @Override
    public void greet(SocketGreeting socket) {}

    @Override
    public boolean admitsRuns() {
        return false;
    }

    /** A job keeps running when its socket goes; its frames go nowhere (protocol-notes §9.2). */
    @Override
    public Optional<Duration> detachedJobGrace(ServerSettings settings) {
        return Optional.empty();
    }

    @Override
    public Optional<ObjectNode> restartNotice(String message) {
        return Optional.empty();
    }

    // ---- WebSocket commands

    /** Sections 4.3 and 4.4: an envelope its model rejects ends the receive loop and the socket closes. */
    @Override
    public Inbound readInbound(JsonNode message) {
        JsonNode command = message.path("command");
        JsonNode data = message.get("data");
        if (!command.isTextual() || !COMMANDS.contains(command.asText()) || data == null || !data.isObject()) {
            return new CloseSocket();
        }
        return new Command(command.asText(), (ObjectNode) data, null);
    }

    @Override
    public Refusal undecodable(String reason) {
        return new CloseSocket();
    }

    @Override
    public Refusal invalidMode() {
        return new CloseSocket();
    }

    /** A failing node's run-level {@code error} message is relayed (protocol-notes §5.3, §8.4). */
    @Override
    public boolean relaysNodeFailureError() {
        return true;
    }

    /** A RunJobRequest its model rejects closes the socket; an unknown workflow fails after starting. */
    @Override
    public RunJob readRunJob(ObjectNode data, WorkflowStore store) {
        JsonNode graph = data.get("graph");
        JsonNode workflowIdNode = data.get("workflow_id");
        boolean graphOk = graph == null
                || graph.isNull()
                || (graph.isObject()
                        && graph.path("nodes").isArray()
                        && graph.path("edges").isArray());
        boolean idOk = workflowIdNode == null || workflowIdNode.isTextual();
        if (!graphOk || !idOk) {
            return new CloseSocket();
        }
        String workflowId = workflowIdNode == null ? "" : workflowIdNode.asText();
        JsonNode workflow;
        if (graph != null && !graph.isNull()) {
            ObjectNode inline = JSON.objectNode();
            inline.put("id", workflowId);
            inline.set("graph", graph);
            workflow = inline;
        } else {
            workflow = store.get(workflowId).orElse(null);
        }
        return new StartJob(UUID.randomUUID().toString().replace("-", ""), workflowId, workflowId, workflow);
    }

    /** Gen A reported job-start failures with the workflow id as the job id (protocol-notes §8.4). */
    @Override
    public StartFailure startFailure() {
        return StartFailure.FAIL_JOB_UNDER_WORKFLOW_ID;
    }

    @Override
    public String clearModelsMessage() {
        return "Unused models cleared";
    }

    @Override
    public ObjectNode reconnectNotFound(String jobId, String requestedWorkflowId) {
        ObjectNode failed = JSON.objectNode();
        failed.put("type", "job_update");
        failed.put("status", "failed");
        failed.put("job_id", jobId);
        failed.put("workflow_id", requestedWorkflowId == null ? "" : requestedWorkflowId);
        failed.put("error", "Job " + jobId + " not found");
        return failed;
    }

    @Override
    public void resume(ResumableJob job, ObjectNode data) {
        JsonNode workflowId = data.get("workflow_id");
        job.replayStatuses(workflowId != null && workflowId.isTextual() ? workflowId.asText() : null);
    }

    /**
     * The acknowledgement, then the connection's streaming task is killed and the job dropped: no
     * terminal frame follows, and {@code get_status} says {@code not_found} (protocol-notes §7.2).
     */
    @Override
    public void cancelRunning(RunningJob job) {
        ObjectNode reply = JSON.objectNode();
        reply.put("message", "Job cancellation requested");
        reply.put("job_id", job.jobId());
        reply.put("workflow_id", job.requestedWorkflowId() != null ? job.requestedWorkflowId() : "");
        job.acknowledge(reply);
        job.abandon();
    }

    /** {@code "workflow_id":""} whatever the client sent (protocol-notes §7.2). */
    @Override
    public String cancelNotFoundWorkflowId(String requestedWorkflowId) {
        return "";
    }

    /** Gen A forgot a job on the connection when its stream ended. */
    @Override
    public boolean keepsFinishedJobsOnConnection() {
        return false;
    }

    // ---- WebSocket job frames

    @Override
    public boolean requireTerminalResult(JsonNode runJobData) {
        return false;
    }

    @Override
    public String eventDetail(JsonNode runJobData) {
        return "full";
    }

    @Override
    public int replayBufferEvents(ServerSettings settings) {
        return 0;
    }

    /** A frame keeps a {@code job_id} it has (even a job-start failure's workflow id) and an explicit {@code workflow_id}. */
    @Override
    public void stampIds(ObjectNode frame, String jobId, String workflowId) {
        frame.put("job_id", frame.path("job_id").asText(jobId));
        if (!frame.has("workflow_id")) {
            frame.put("workflow_id", workflowId);
        }
    }

    /** The socket wrapper's {@code running} frame, then the runner's own (protocol-notes §8.4). */
    @Override
    public void emitRunning(JobFrames job) {
        job.emit(job.jobUpdate("running"));
        job.emit(job.jobUpdate("running"));
    }

    /** Gen A's error messages carry {@code error}, not {@code message} (protocol-notes §8.1). */
    @Override
    public ObjectNode relay(ObjectNode message, JobFrames job) {
        LegacyOutputs.nameOutputNode(message);
        if (message.path("type").asText().equals("error") && message.has("message") && !message.has("error")) {
            JsonNode text = message.remove("message");
            message.set("error", text);
        }
        return message;
    }

    /** One terminal update; a completed one has the result map directly under {@code result}. */
    @Override
    public void emitTerminal(ExecutionOutcome outcome, double seconds, JobFrames job) {
        ObjectNode update = job.jobUpdate(outcome.status());
        if (outcome.status().equals("completed")) {
            update.set("result", outcome.outputsAsJson());
            update.put(
                    "message",
                    "Workflow " + job.workflowId() + " completed in " + String.format(Locale.ROOT, "%.2f", seconds)
                            + " seconds");
        } else if (outcome.status().equals("failed")) {
            update.put("error", outcome.error());
        }
        job.emit(update);
    }
}
