package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.core.Dialect.RestEndpoint;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Gen C, the TypeScript server NodeTool runs today: run envelopes, WebSocket {@code /ws} with
 * greetings, a heartbeat, run queueing, {@code job_seq} and {@code reconnect_job} replay, untyped
 * rejection maps instead of closed sockets, two {@code completed} frames unless
 * {@code require_terminal_result}, {@code 401 {"error"}}.
 */
final class CurrentDialect implements Dialect {
    static final CurrentDialect INSTANCE = new CurrentDialect();

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INVALID_MESSAGE =
            "All messages must include a 'command' field. Use 'chat_message' command for chat.";
    private static final String W = "/api/workflows";
    private static final String SDK = "/api/sdk/v1";
    /** Editor routes first, literal paths before {@code {id}}; then run, the interface, storage and health. */
    private static final List<RestRoute> ROUTES = List.of(
            new RestRoute("GET", W, RestEndpoint.LIST_WORKFLOWS),
            new RestRoute("POST", W, RestEndpoint.CREATE_WORKFLOW),
            new RestRoute("GET", W + "/names", RestEndpoint.WORKFLOW_NAMES),
            new RestRoute("GET", W + "/public", RestEndpoint.LIST_PUBLIC),
            new RestRoute("GET", W + "/public/{id}", RestEndpoint.GET_PUBLIC),
            new RestRoute("GET", W + "/tools", RestEndpoint.TOOLS),
            new RestRoute("GET", W + "/examples", RestEndpoint.EXAMPLES),
            new RestRoute("GET", W + "/examples/search", RestEndpoint.SEARCH_EXAMPLES),
            new RestRoute("GET", W + "/examples/{package}/{name}", RestEndpoint.EXAMPLE),
            new RestRoute("GET", W + "/{id}", RestEndpoint.GET_WORKFLOW),
            new RestRoute("PUT", W + "/{id}", RestEndpoint.UPDATE_WORKFLOW),
            new RestRoute("DELETE", W + "/{id}", RestEndpoint.DELETE_WORKFLOW),
            new RestRoute("POST", W + "/{id}/run", RestEndpoint.RUN_ENVELOPE),
            new RestRoute("GET", W + "/{id}/interface", RestEndpoint.WORKFLOW_INTERFACE),
            new RestRoute("GET", "/api/storage/temp/{file}", RestEndpoint.TEMP_FILE),
            // SDK v1 (protocol-notes §11.2): P0 routes plus P8's single-interface path
            new RestRoute("GET", SDK + "/capabilities", RestEndpoint.SDK_CAPABILITIES),
            new RestRoute("POST", SDK + "/preflight", RestEndpoint.SDK_PREFLIGHT),
            new RestRoute("GET", SDK + "/workflows", RestEndpoint.SDK_WORKFLOW_SUMMARIES),
            new RestRoute("POST", SDK + "/workflow-interfaces", RestEndpoint.SDK_WORKFLOW_INTERFACES),
            new RestRoute("GET", SDK + "/workflows/{id}/interface", RestEndpoint.SDK_WORKFLOW_INTERFACE),
            new RestRoute("GET", SDK + "/node-types", RestEndpoint.SDK_NODE_TYPES),
            new RestRoute("GET", SDK + "/models", RestEndpoint.SDK_MODELS),
            new RestRoute("GET", SDK + "/model-downloads", RestEndpoint.SDK_MODEL_DOWNLOADS),
            new RestRoute("POST", SDK + "/model-downloads", RestEndpoint.SDK_START_MODEL_DOWNLOAD),
            new RestRoute("POST", SDK + "/model-downloads/cancel", RestEndpoint.SDK_CANCEL_MODEL_DOWNLOAD),
            new RestRoute("POST", SDK + "/assets/temporary", RestEndpoint.SDK_TEMPORARY_ASSET),
            // Uploads and their storage URLs (protocol-notes §11.8, §11.9)
            new RestRoute("POST", "/api/assets", RestEndpoint.CREATE_ASSET),
            new RestRoute("GET", "/api/nodes/metadata", RestEndpoint.NODE_METADATA),
            new RestRoute("GET", "/api/storage/{a}", RestEndpoint.STORAGE_GET),
            new RestRoute("GET", "/api/storage/{a}/{b}", RestEndpoint.STORAGE_GET),
            new RestRoute("GET", "/api/storage/{a}/{b}/{c}", RestEndpoint.STORAGE_GET),
            new RestRoute("PUT", "/api/storage/{a}", RestEndpoint.STORAGE_PUT),
            new RestRoute("PUT", "/api/storage/{a}/{b}", RestEndpoint.STORAGE_PUT),
            new RestRoute("PUT", "/api/storage/{a}/{b}/{c}", RestEndpoint.STORAGE_PUT),
            new RestRoute("GET", "/health", RestEndpoint.HEALTH),
            new RestRoute("GET", "/ready", RestEndpoint.READY),
            new RestRoute("GET", "/api/health", RestEndpoint.API_HEALTH));

    private CurrentDialect() {}

    // ---- HTTP

    @Override
    public String webSocketPath() {
        return "/ws";
    }

    @Override
    public RequestExchange withCommonHeaders(RequestExchange exchange) {
        return new CurrentHeaders(exchange);
    }

    @Override
    public boolean isTokenFree(String path) {
        return path.startsWith("/api/workflows/public") || path.startsWith("/api/workflows/examples");
    }

    @Override
    public void refuseHttp(RequestExchange exchange, boolean tokenMissing) throws IOException {
        Responses.json(exchange, 401, unauthorized());
    }

    /** Gen C answers the handshake with a bare 401 and destroys the socket. */
    @Override
    public void refuseUpgrade(RequestExchange exchange, boolean tokenMissing) throws IOException {
        exchange.respond(401, Map.of("Content-Length", "0", "Connection", "close"), new byte[0]);
    }

    @Override
    public void respondInjectedFailure(RequestExchange exchange, int status, Map<String, String> headers)
            throws IOException {
        if (status == 401) {
            Responses.json(exchange, 401, unauthorized(), headers);
        } else {
            Responses.detail(exchange, status, "Injected fault: HTTP " + status, headers);
        }
    }

    private static ObjectNode unauthorized() {
        return JSON.objectNode().put("error", "Unauthorized");
    }

    @Override
    public String toString() {
        return "CurrentDialect";
    }

    // ---- REST

    @Override
    public HttpStack httpStack() {
        return HttpStack.NODE;
    }

    @Override
    public List<RestRoute> restRoutes() {
        return ROUTES;
    }

    @Override
    public String formatTime(Instant instant) {
        return Timestamps.javascript(instant);
    }

    /** Gen C writes {@code workflows} first (protocol-notes §4.4). */
    @Override
    public ObjectNode workflowList(List<ObjectNode> workflows, String next) {
        ObjectNode body = JSON.objectNode();
        body.putArray("workflows").addAll(workflows);
        body.put("next", next);
        return body;
    }

    /** {@code 204} with no body. */
    @Override
    public void respondDeleted(RequestExchange exchange) throws IOException {
        exchange.respond(204, Map.of(), null);
    }

    @Override
    public JsonNode workflowDescription(JsonNode stored) {
        return stored;
    }

    /** Section 2.1: always null in Gen C REST; {@code /interface?version=1} replaces them. */
    @Override
    public void putSchemas(ObjectNode response, JsonNode graph) {
        response.putNull("input_schema");
        response.putNull("output_schema");
    }

    @Override
    public void putTrailingColumns(ObjectNode response, ObjectNode stored) {
        response.set("html_app", copy(stored, "html_app"));
        response.set("app_doc", copy(stored, "app_doc"));
        response.put("etag", WorkflowStore.etag(stored));
    }

    private static JsonNode copy(ObjectNode stored, String field) {
        JsonNode v = stored.get(field);
        return v == null ? JSON.nullNode() : v.deepCopy();
    }

    // ---- WebSocket session

    /** msgpackr (records off) writes map16 headers for every map (protocol-notes §6.2). */
    @Override
    public boolean encodesMapsAsMap16() {
        return true;
    }

    @Override
    public MediaMode binaryMediaMode() {
        return MediaMode.TEMP_URL;
    }

    /**
     * Section 4.2: {@code sdk_execution_target} written straight to the socket before the session
     * starts (hence always MessagePack), then {@code renderer_registered}, then the heartbeat.
     */
    @Override
    public void greet(SocketGreeting socket) {
        ObjectNode target = JSON.objectNode();
        target.put("type", "sdk_execution_target");
        target.put("runner_id", socket.runnerId());
        socket.sendMessagePack(target);
        ObjectNode renderer = JSON.objectNode();
        renderer.put("type", "renderer_registered");
        renderer.put("renderer_id", "renderer-" + socket.connectionId());
        socket.send(renderer);
        socket.startHeartbeat();
    }

    @Override
    public boolean admitsRuns() {
        return true;
    }

    /** A detached running job buffers for replay and is cancelled when the grace period ends (protocol-notes §9.2). */
    @Override
    public Optional<Duration> detachedJobGrace(ServerSettings settings) {
        return Optional.of(settings.detachGrace());
    }

    @Override
    public Optional<ObjectNode> restartNotice(String message) {
        ObjectNode error = JSON.objectNode();
        error.put("type", "error");
        error.put("message", message);
        return Optional.of(error);
    }

    // ---- WebSocket commands

    /** Section 4.3: the connection stays open; what is not a command envelope is a control frame or rejected. */
    @Override
    public Inbound readInbound(JsonNode message) {
        if (!message.isObject()) {
            return new Reply(rejection("invalid_message", "message", INVALID_MESSAGE));
        }
        JsonNode command = message.get("command");
        if (command == null || !command.isTextual()) {
            return new Control((ObjectNode) message);
        }
        String name = command.asText();
        JsonNode data = message.get("data");
        if (data == null || data.isNull()) {
            data = JSON.objectNode();
        } else if (!data.isObject()) {
            return new Reply(rejection(
                    "invalid_command",
                    "details",
                    "Malformed '" + name + "' data: data: Expected object, received "
                            + RunJobValidation.typeName(data)));
        }
        JsonNode requestId = message.get("request_id");
        return new Command(
                name, (ObjectNode) data, requestId == null || requestId.isNull() ? null : requestId.asText());
    }

    @Override
    public Refusal undecodable(String reason) {
        return new Reply(rejection("invalid_frame", "message", reason));
    }

    @Override
    public Refusal invalidMode() {
        return new Reply(JSON.objectNode().put("error", "mode must be binary or text"));
    }

    /** Section 4.5: field types checked first; an inline graph takes precedence over {@code workflow_id}. */
    @Override
    public RunJob readRunJob(ObjectNode data, WorkflowStore store) {
        String clientJobId =
                data.path("job_id").isTextual() ? data.get("job_id").asText() : null;
        String problem = RunJobValidation.problem(data);
        if (problem != null) {
            ObjectNode rejection = rejection("invalid_command", "details", "Malformed 'run_job' data: " + problem);
            if (clientJobId != null) {
                rejection.put("job_id", clientJobId);
            }
            return new Reply(rejection);
        }
        String workflowId =
                data.path("workflow_id").isTextual() ? data.get("workflow_id").asText() : null;
        JsonNode graph = data.get("graph");
        JsonNode workflow;
        if (graph != null && !graph.isNull()) {
            ObjectNode inline = JSON.objectNode();
            inline.put("id", workflowId == null ? "" : workflowId);
            inline.set("graph", graph);
            workflow = inline;
        } else if (workflowId != null && !workflowId.isEmpty()) {
            Optional<ObjectNode> stored = store.get(workflowId);
            if (stored.isEmpty()) {
                // Section 4.4: the loader throws before any job event, so only the rejection goes out.
                return new Reply(rejection("invalid_command", "details", "Workflow not found: " + workflowId));
            }
            workflow = stored.get();
        } else {
            return new Reply(rejection("invalid_command", "details", "workflow_id or graph is required"));
        }
        String jobId = clientJobId != null && !clientJobId.isEmpty()
                ? clientJobId
                : UUID.randomUUID().toString();
        return new StartJob(jobId, workflowId == null ? "" : workflowId, workflowId, workflow);
    }

    @Override
    public StartFailure startFailure() {
        return StartFailure.REJECT_COMMAND;
    }

    /** Neither the kernel nor the relay sends {@code {"type":"error"}} for a node failure (protocol-notes §8.6). */
    @Override
    public boolean relaysNodeFailureError() {
        return false;
    }

    @Override
    public String clearModelsMessage() {
        return "Model clearing is managed by provider implementations in TS runtime";
    }

    @Override
    public ObjectNode reconnectNotFound(String jobId, String requestedWorkflowId) {
        ObjectNode failed = JSON.objectNode();
        failed.put("type", "job_update");
        failed.put("status", "failed");
        failed.put("job_id", jobId);
        failed.put("error", "Job " + jobId + " not found");
        return failed;
    }

    /** Section 4.8: replay after the client's {@code last_seq} (0 when it sent none). */
    @Override
    public void resume(ResumableJob job, ObjectNode data) {
        JsonNode lastSeq = data.get("last_seq");
        job.replayAfter(lastSeq != null && lastSeq.isNumber() ? lastSeq.asLong() : 0);
    }

    @Override
    public String cancelNotFoundWorkflowId(String requestedWorkflowId) {
        return "";
    }

    @Override
    public boolean keepsFinishedJobsOnConnection() {
        return true;
    }

    // ---- WebSocket job frames

    @Override
    public boolean requireTerminalResult(JsonNode runJobData) {
        return runJobData.path("require_terminal_result").asBoolean(false);
    }

    @Override
    public String eventDetail(JsonNode runJobData) {
        return runJobData.path("execution_options").path("event_detail").asText("full");
    }

    @Override
    public int replayBufferEvents(ServerSettings settings) {
        return settings.replayBufferEvents();
    }

    @Override
    public void stampIds(ObjectNode frame, String jobId, String workflowId) {
        if (!frame.hasNonNull("job_id")) {
            frame.put("job_id", jobId);
        }
        if (!frame.hasNonNull("workflow_id")) {
            frame.put("workflow_id", workflowId);
        }
    }

    /** The relay's eager {@code running} (not with {@code require_terminal_result}), then the kernel's. */
    @Override
    public void emitRunning(JobFrames job) {
        if (!job.requireTerminalResult()) {
            job.emit(job.jobUpdate("running"));
        }
        ObjectNode kernel = job.jobUpdate("running");
        kernel.put("message", "Workflow started");
        job.emit(kernel);
    }

    /**
     * Section 4.7: the relay drops messages of input and constant nodes and what {@code event_detail}
     * excludes; an {@code edge_update} carries the job id in {@code workflow_id} (the kernel's quirk).
     */
    @Override
    public ObjectNode relay(ObjectNode message, JobFrames job) {
        String type = message.path("type").asText();
        if (fromInputOrConstant(message, type, job)) {
            return null;
        }
        if (type.equals("output_update")) {
            job.markOutputRelayed();
        }
        if (droppedByEventDetail(message, type, job.eventDetail())) {
            return null;
        }
        if (type.equals("edge_update")) {
            message.put("workflow_id", job.jobId());
        }
        return message;
    }

    private static boolean fromInputOrConstant(ObjectNode message, String type, JobFrames job) {
        if (!type.equals("node_update") && !type.equals("output_update") && !type.equals("generation_complete")) {
            return false;
        }
        String nodeType = message.hasNonNull("node_type")
                ? message.get("node_type").asText()
                : job.nodeType(message.path("node_id").asText());
        return nodeType.startsWith("nodetool.input.") || nodeType.startsWith("nodetool.constant.");
    }

    /** {@code execution_options.event_detail} (protocol-notes §7.3). */
    private static boolean droppedByEventDetail(ObjectNode message, String type, String eventDetail) {
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

    /**
     * The kernel's {@code completed} without a result (not with {@code require_terminal_result}), then,
     * when there are outputs or a result is required, synthesized {@code output_update}s for outputs never
     * relayed and the terminal frame with {@code result.outputs}; a failure with outputs sends both too.
     *
     * <p>A node error ends the job {@code failed} with {@code Node "<id>" failed: <message>} (several
     * joined with {@code "; "}) on the supervisor-era runner, {@code completed} on older kernels
     * (protocol-notes §8.6). {@code result.outputs} is keyed by the kernel's node names (class titles,
     * merged) unless {@code require_terminal_result} renamed the output nodes (protocol-notes §8.5).
     */
    @Override
    public void emitTerminal(ExecutionOutcome outcome, double seconds, JobFrames job) {
        String status = outcome.status();
        String error = outcome.error();
        if (!outcome.nodeErrors().isEmpty() && status.equals("failed")) {
            if (job.nodeErrorsFailJob()) {
                List<String> parts = new ArrayList<>();
                outcome.nodeErrors().forEach((node, message) -> parts.add("Node \"" + node + "\" failed: " + message));
                error = String.join("; ", parts);
            } else {
                status = "completed";
                error = null;
            }
        }
        ObjectNode outputs =
                job.requireTerminalResult() ? outcome.outputsAsJson() : outcome.outputsByKernelNameAsJson();
        boolean hasOutputs = !outcome.outputs().isEmpty();
        switch (status) {
            case "completed" -> {
                if (!job.requireTerminalResult()) {
                    job.emit(job.jobUpdate("completed"));
                }
                if (hasOutputs || job.requireTerminalResult()) {
                    if (hasOutputs && !job.outputRelayed()) {
                        synthesizeOutputUpdates(outcome, job);
                    }
                    job.emit(resultUpdate("completed", null, outputs, seconds, job));
                }
            }
            case "failed" -> {
                ObjectNode failed = job.jobUpdate("failed");
                failed.put("error", error);
                job.emit(failed);
                if (hasOutputs) {
                    job.emit(resultUpdate("failed", error, outputs, seconds, job));
                }
            }
            default -> job.emit(job.jobUpdate(status));
        }
    }

    private static ObjectNode resultUpdate(
            String status, String error, ObjectNode outputs, double seconds, JobFrames job) {
        ObjectNode update = job.jobUpdate(status);
        if (error != null) {
            update.put("error", error);
        }
        update.putObject("result").set("outputs", outputs);
        update.put("duration", seconds);
        return update;
    }

    private static void synthesizeOutputUpdates(ExecutionOutcome outcome, JobFrames job) {
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
                if (!droppedByEventDetail(update, "output_update", job.eventDetail())) {
                    job.emit(update);
                }
            }
        }
    }

    static ObjectNode rejection(String error, String key, String text) {
        ObjectNode reply = JSON.objectNode();
        reply.put("error", error);
        reply.put(key, text);
        return reply;
    }
}
