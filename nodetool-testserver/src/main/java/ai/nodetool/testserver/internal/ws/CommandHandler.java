package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.WorkflowStore;
import ai.nodetool.testserver.internal.engine.WorkflowException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Answers the commands and control frames of one socket, per generation (PROTOCOL.md sections 4.3 to
 * 4.6 and 4.8). Every command gets exactly one direct reply, an untyped map. Runs on the socket's
 * reader thread; the work it starts (jobs) runs on the engine's threads.
 *
 * <p>Gen A (legacy {@code /predict}) validated the envelope strictly: a frame it cannot decode, an
 * envelope without a known {@code command} and a {@code data} object, or a {@code data} its request
 * model rejects ends the receive loop, and the server closes the socket (normal closure, as its
 * disconnect handler does). Gen C keeps the connection open and answers with a rejection map.
 */
final class CommandHandler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> LEGACY_COMMANDS = Set.of("run_job", "reconnect_job", "cancel_job", "get_status",
            "set_mode", "clear_models", "stream_input", "end_input_stream");
    private static final Set<String> RPC_COMMANDS = Set.of("list_workflows", "get_workflow", "list_assets", "get_asset",
            "list_nodes", "get_node", "generate_media", "generate_text", "transcribe_audio", "lookup_generations");
    private static final String INVALID_MESSAGE =
            "All messages must include a 'command' field. Use 'chat_message' command for chat.";

    private final WebSocketEndpoint endpoint;
    private final ServerState state;
    private final Session session;
    private final boolean legacy;

    CommandHandler(WebSocketEndpoint endpoint, Session session) {
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.session = session;
        this.legacy = state.legacy();
    }

    /** A frame that did not decode (section 4.6). */
    void undecodable(String reason) {
        if (legacy) {
            kill();
            return;
        }
        session.reply(rejection("invalid_frame", "message", reason));
    }

    /** One decoded inbound message. */
    void handle(JsonNode message) {
        if (legacy) {
            handleLegacy(message);
        } else {
            handleCurrent(message);
        }
    }

    // ---- envelopes ---------------------------------------------------------------------------

    private void handleLegacy(JsonNode message) {
        JsonNode command = message.path("command");
        JsonNode data = message.get("data");
        if (!command.isTextual() || !LEGACY_COMMANDS.contains(command.asText()) || data == null || !data.isObject()) {
            kill(); // section 4.3/4.4: Gen A's envelope model rejects it and the socket is closed
            return;
        }
        ObjectNode d = (ObjectNode) data;
        switch (command.asText()) {
            case "run_job" -> runJobLegacy(d);
            case "reconnect_job" -> reconnectJob(d);
            case "cancel_job" -> cancelJob(d);
            case "get_status" -> getStatus(d);
            case "set_mode" -> setMode(d);
            case "clear_models" -> session.reply(message("Unused models cleared"));
            case "stream_input" -> streamInput(d, "Input item streamed");
            case "end_input_stream" -> streamInput(d, "Input stream ended");
            default -> kill();
        }
    }

    private void handleCurrent(JsonNode message) {
        if (!message.isObject()) {
            session.reply(rejection("invalid_message", "message", INVALID_MESSAGE));
            return;
        }
        JsonNode command = message.get("command");
        if (command == null || !command.isTextual()) {
            control((ObjectNode) message);
            return;
        }
        String name = command.asText();
        JsonNode data = message.get("data");
        if (data == null || data.isNull()) {
            data = JSON.objectNode();
        } else if (!data.isObject()) {
            session.reply(rejection("invalid_command", "details",
                    "Malformed '" + name + "' data: data: Expected object, received " + typeName(data)));
            return;
        }
        ObjectNode d = (ObjectNode) data;
        JsonNode requestId = message.get("request_id");
        if (RPC_COMMANDS.contains(name)) {
            rpc(name, requestId == null || requestId.isNull() ? null : requestId.asText(), d);
            return;
        }
        switch (name) {
            case "run_job" -> runJobCurrent(d);
            case "reconnect_job" -> reconnectJob(d);
            case "cancel_job" -> cancelJob(d);
            case "get_status" -> getStatus(d);
            case "set_mode" -> setMode(d);
            case "clear_models" ->
                    session.reply(message("Model clearing is managed by provider implementations in TS runtime"));
            case "stream_input" -> streamInput(d, "Input item streamed");
            case "end_input_stream" -> streamInput(d, "Input stream ended");
            case "update_node_properties" -> updateNodeProperties(d);
            case "stop" -> stop(d);
            default -> session.reply(error("Unknown command"));
        }
    }

    /** Gen C control frames: messages without a {@code command} (section 4.3). */
    private void control(ObjectNode message) {
        String type = message.path("type").isTextual() ? message.get("type").asText() : "";
        String missing = null;
        switch (type) {
            case "ping" -> {
                ObjectNode pong = JSON.objectNode();
                pong.put("type", "pong");
                pong.put("ts", System.currentTimeMillis() / 1000.0);
                session.send(pong);
                return;
            }
            case "pong" -> {
                return;
            }
            case "client_tools_manifest" -> missing = message.path("tools").isArray() ? null : "tools";
            case "tool_result" -> missing = message.path("tool_call_id").isTextual() ? null : "tool_call_id";
            case "tool_approval_response", "plan_approval_response", "secret_request_response" ->
                    missing = message.path("approval_id").isTextual() ? null : "approval_id";
            case "renderer_tool_result" -> missing = !message.path("renderer_id").isTextual() ? "renderer_id"
                    : message.path("tool_call_id").isTextual() ? null : "tool_call_id";
            default -> {
                session.reply(rejection("invalid_message", "message", INVALID_MESSAGE));
                return;
            }
        }
        if (missing != null) {
            session.reply(rejection("invalid_message", "message", "Invalid " + type + " message: " + missing + " is required"));
        }
        // A valid chat/renderer control frame has no reply; chat is outside this server's scope.
    }

    // ---- run_job -----------------------------------------------------------------------------

    private void runJobCurrent(ObjectNode data) {
        String clientJobId = data.path("job_id").isTextual() ? data.get("job_id").asText() : null;
        String problem = validateRunJob(data);
        if (problem != null) {
            ObjectNode rejection = rejection("invalid_command", "details", "Malformed 'run_job' data: " + problem);
            if (clientJobId != null) {
                rejection.put("job_id", clientJobId);
            }
            session.reply(rejection);
            return;
        }
        String workflowId = textOrNull(data.get("workflow_id"));
        JsonNode graph = data.get("graph");
        JsonNode workflow;
        if (graph != null && !graph.isNull()) {
            // Section 4.5: an inline graph takes precedence over workflow_id.
            ObjectNode inline = JSON.objectNode();
            inline.put("id", workflowId == null ? "" : workflowId);
            inline.set("graph", graph);
            workflow = inline;
        } else if (workflowId != null && !workflowId.isEmpty()) {
            Optional<ObjectNode> stored = state.store().get(workflowId);
            if (stored.isEmpty()) {
                // Section 4.4: the loader throws before any job event, so only the rejection goes out.
                session.reply(rejection("invalid_command", "details", "Workflow not found: " + workflowId));
                return;
            }
            workflow = stored.get();
        } else {
            session.reply(rejection("invalid_command", "details", "workflow_id or graph is required"));
            return;
        }
        String jobId = clientJobId != null && !clientJobId.isEmpty() ? clientJobId : UUID.randomUUID().toString();
        WebSocketJob job = new WebSocketJob(endpoint, session, jobId, workflowId == null ? "" : workflowId, workflow,
                data.get("params"), data);
        if (!endpoint.register(job)) {
            session.reply(rejection("invalid_command", "details", "Job " + jobId + " is already running"));
            return;
        }
        session.own(job);
        ObjectNode started = JSON.objectNode();
        started.put("message", "Job started");
        started.put("workflow_id", workflowId);
        int position = session.admit(job);
        if (position > 0) {
            session.reply(started);
            job.markQueued(position);
            return;
        }
        try {
            job.start(() -> session.reply(started));
        } catch (WorkflowException | IllegalStateException e) {
            endpoint.unregister(job);
            session.disown(job);
            job.releaseSlot();
            session.reply(rejection("invalid_command", "details", e.getMessage()));
        }
    }

    /** Checks the RunJobRequest field types of section 4.5; returns "path: issue" or null. */
    private static String validateRunJob(ObjectNode data) {
        String[] strings = {"job_id", "workflow_id", "job_type", "user_id", "auth_token", "api_url", "job_name"};
        for (String field : strings) {
            String p = expect(data, field, "string");
            if (p != null) {
                return p;
            }
        }
        for (String field : new String[] {"graph", "params", "env", "resource_limits", "execution_options"}) {
            String p = expect(data, field, "object");
            if (p != null) {
                return p;
            }
        }
        for (String field : new String[] {"explicit_types", "require_terminal_result", "concurrent"}) {
            String p = expect(data, field, "boolean");
            if (p != null) {
                return p;
            }
        }
        JsonNode graph = data.get("graph");
        if (graph != null && graph.isObject()) {
            for (String field : new String[] {"nodes", "edges"}) {
                if (!graph.path(field).isArray()) {
                    return "data.graph." + field + ": Expected array, received " + typeName(graph.get(field));
                }
            }
        }
        JsonNode options = data.get("execution_options");
        if (options != null && options.isObject()) {
            String p = enumValue(options, "persistence", Set.of("job", "session"));
            p = p != null ? p : enumValue(options, "event_detail", Set.of("full", "outputs", "terminal"));
            p = p != null ? p : enumValue(options, "asset_persistence", Set.of("auto", "temporary"));
            if (p != null) {
                return p;
            }
        }
        JsonNode strategy = data.get("execution_strategy");
        if (strategy != null && !strategy.isNull()
                && !Set.of("threaded", "subprocess", "docker").contains(strategy.asText())) {
            return "data.execution_strategy: Invalid enum value";
        }
        return null;
    }

    private static String expect(ObjectNode data, String field, String type) {
        JsonNode value = data.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        boolean ok = switch (type) {
            case "string" -> value.isTextual();
            case "object" -> value.isObject();
            default -> value.isBoolean();
        };
        return ok ? null : "data." + field + ": Expected " + type + ", received " + typeName(value);
    }

    private static String enumValue(JsonNode options, String field, Set<String> allowed) {
        JsonNode value = options.get(field);
        if (value == null || value.isNull() || (value.isTextual() && allowed.contains(value.asText()))) {
            return null;
        }
        return "data.execution_options." + field + ": Invalid enum value";
    }

    private void runJobLegacy(ObjectNode data) {
        JsonNode graph = data.get("graph");
        JsonNode workflowIdNode = data.get("workflow_id");
        boolean graphOk = graph == null || graph.isNull()
                || (graph.isObject() && graph.path("nodes").isArray() && graph.path("edges").isArray());
        boolean idOk = workflowIdNode == null || workflowIdNode.isTextual();
        if (!graphOk || !idOk) {
            kill(); // the RunJobRequest model rejects it: Gen A's receive loop ends
            return;
        }
        String workflowId = workflowIdNode == null ? "" : workflowIdNode.asText();
        ObjectNode started = JSON.objectNode();
        started.put("message", "Job started");
        started.put("workflow_id", workflowId);
        String jobId = UUID.randomUUID().toString().replace("-", "");
        JsonNode workflow;
        if (graph != null && !graph.isNull()) {
            ObjectNode inline = JSON.objectNode();
            inline.put("id", workflowId);
            inline.set("graph", graph);
            workflow = inline;
        } else {
            workflow = state.store().get(workflowId).orElse(null);
        }
        WebSocketJob job = new WebSocketJob(endpoint, session, jobId, workflowId,
                workflow == null ? JSON.objectNode() : workflow, data.get("params"), data);
        endpoint.register(job);
        session.own(job);
        session.admit(job);
        if (workflow == null) {
            session.reply(started);
            job.failAfterStart("Workflow " + workflowId + " not found");
            return;
        }
        try {
            job.start(() -> session.reply(started));
        } catch (WorkflowException | IllegalStateException e) {
            // Gen A reported job-start failures with the workflow id as the job id (section 4.7).
            session.reply(started);
            job.failBeforeStart(e.getMessage(), workflowId);
        }
    }

    // ---- other commands ----------------------------------------------------------------------

    private void reconnectJob(ObjectNode data) {
        String jobId = textOrNull(data.get("job_id"));
        if (jobId == null || jobId.isEmpty()) {
            session.reply(error("job_id is required"));
            return;
        }
        String requestedWorkflow = textOrNull(data.get("workflow_id"));
        WebSocketJob job = endpoint.job(jobId);
        ObjectNode reply = message("Reconnecting to job " + jobId);
        reply.put("job_id", jobId);
        reply.put("workflow_id", requestedWorkflow != null ? requestedWorkflow : job != null ? job.workflowId() : null);
        session.reply(reply);
        if (job == null) {
            ObjectNode failed = JSON.objectNode();
            failed.put("type", "job_update");
            failed.put("status", "failed");
            failed.put("job_id", jobId);
            if (legacy) {
                failed.put("workflow_id", requestedWorkflow == null ? "" : requestedWorkflow);
            }
            failed.put("error", "Job " + jobId + " not found");
            session.send(failed);
            return;
        }
        if (legacy) {
            job.resumeLegacy(session, requestedWorkflow);
        } else {
            JsonNode lastSeq = data.get("last_seq");
            job.resume(session, lastSeq != null && lastSeq.isNumber() ? lastSeq.asLong() : 0);
        }
    }

    private void cancelJob(ObjectNode data) {
        String jobId = textOrNull(data.get("job_id"));
        if (jobId == null || jobId.isEmpty()) {
            session.reply(error("job_id is required"));
            return;
        }
        WebSocketJob job = endpoint.job(jobId);
        if (job == null || job.phase() == WebSocketJob.Phase.FINISHED) {
            ObjectNode reply = error("Job not found or already completed");
            reply.put("job_id", jobId);
            String requested = textOrNull(data.get("workflow_id"));
            reply.put("workflow_id", legacy && requested != null ? requested : "");
            session.reply(reply);
            return;
        }
        if (job.phase() == WebSocketJob.Phase.QUEUED && job.starter().unqueue(job)) {
            ObjectNode reply = message("Queued job cancelled");
            reply.put("job_id", jobId);
            reply.put("workflow_id", job.workflowId());
            session.reply(reply);
            job.cancelQueued();
            return;
        }
        ObjectNode reply = message("Job cancellation requested");
        reply.put("job_id", jobId);
        reply.put("workflow_id", job.workflowId());
        session.reply(reply); // before the terminal update the cancel triggers
        job.cancelRunning();
    }

    private void getStatus(ObjectNode data) {
        String jobId = textOrNull(data.get("job_id"));
        if (jobId != null && !jobId.isEmpty()) {
            WebSocketJob job = session.ownedJob(jobId);
            // Gen A forgot a job on the connection when its stream ended.
            if (job == null || (legacy && job.phase() == WebSocketJob.Phase.FINISHED)) {
                ObjectNode reply = JSON.objectNode();
                reply.put("status", "not_found");
                reply.put("job_id", jobId);
                session.reply(reply);
                return;
            }
            ObjectNode reply = JSON.objectNode();
            reply.put("status", job.status());
            reply.put("job_id", jobId);
            reply.put("workflow_id", job.workflowId());
            session.reply(reply);
            return;
        }
        ObjectNode reply = JSON.objectNode();
        ArrayNode active = reply.putArray("active_jobs");
        for (WebSocketJob job : session.ownedJobs()) {
            if (job.phase() != WebSocketJob.Phase.FINISHED) {
                ObjectNode entry = active.addObject();
                entry.put("job_id", job.id());
                entry.put("workflow_id", job.workflowId());
                entry.put("status", job.status());
            }
        }
        session.reply(reply);
    }

    private void setMode(ObjectNode data) {
        String mode = textOrNull(data.get("mode"));
        if (!"binary".equals(mode) && !"text".equals(mode)) {
            if (legacy) {
                kill();
            } else {
                session.reply(error("mode must be binary or text"));
            }
            return;
        }
        // Section 4.2: the mode switches before the acknowledgement is encoded, so it goes out in the new mode.
        session.binaryMode(mode.equals("binary"));
        session.reply(message("Mode set to " + mode));
    }

    private void streamInput(ObjectNode data, String success) {
        String jobId = textOrNull(data.get("job_id"));
        if (jobId == null || jobId.isEmpty()) {
            session.reply(error("job_id is required"));
            return;
        }
        WebSocketJob job = session.ownedJob(jobId);
        if (job == null || job.phase() == WebSocketJob.Phase.FINISHED) {
            session.reply(error("No active job/context"));
            return;
        }
        String input = textOrNull(data.get("input"));
        if (input == null || input.isBlank() || !job.hasInput(input)) {
            session.reply(error("Invalid input name"));
            return;
        }
        ObjectNode reply = message(success);
        reply.put("job_id", jobId);
        reply.put("workflow_id", job.workflowId());
        session.reply(reply);
    }

    private void updateNodeProperties(ObjectNode data) {
        String nodeId = textOrNull(data.get("node_id"));
        if (nodeId == null || nodeId.isEmpty()) {
            session.reply(error("node_id is required"));
            return;
        }
        if (!data.path("properties").isObject()) {
            session.reply(error("properties must be an object"));
            return;
        }
        String jobId = textOrNull(data.get("job_id"));
        WebSocketJob job = jobId == null ? null : endpoint.job(jobId);
        boolean applied = job != null && job.phase() != WebSocketJob.Phase.FINISHED && job.hasNode(nodeId);
        ObjectNode reply = JSON.objectNode();
        reply.put("applied", applied);
        session.reply(reply);
    }

    private void stop(ObjectNode data) {
        String jobId = textOrNull(data.get("job_id"));
        String threadId = textOrNull(data.get("thread_id"));
        ObjectNode stopped = JSON.objectNode();
        stopped.put("type", "generation_stopped");
        stopped.put("message", "Generation stopped by user");
        stopped.put("job_id", jobId);
        stopped.put("thread_id", threadId);
        session.send(stopped);
        ObjectNode reply = message("Stop command processed");
        reply.put("job_id", jobId);
        reply.put("thread_id", threadId);
        session.reply(reply);
        WebSocketJob job = jobId == null ? null : endpoint.job(jobId);
        if (job != null && job.phase() == WebSocketJob.Phase.QUEUED && job.starter().unqueue(job)) {
            job.cancelQueued();
        } else if (job != null && job.phase() == WebSocketJob.Phase.RUNNING) {
            job.cancelRunning();
        }
    }

    /** The read-only RPCs this server supports over the socket (section 4.4); others fail typed. */
    private void rpc(String name, String requestId, ObjectNode data) {
        if (requestId == null) {
            session.reply(error("request_id is required for RPC commands"));
            return;
        }
        ObjectNode response = JSON.objectNode();
        response.put("type", "rpc_response");
        response.put("request_id", requestId);
        response.put("command", name);
        switch (name) {
            case "list_workflows" -> {
                int limit = data.path("limit").isInt() ? data.get("limit").asInt() : 100;
                String runMode = textOrNull(data.get("run_mode"));
                WorkflowStore.Page page;
                try {
                    page = state.store().list(w -> runMode == null || runMode.equals(w.path("run_mode").asText()),
                            limit <= 0 ? 100 : Math.min(limit, 500), textOrNull(data.get("cursor")));
                } catch (RuntimeException e) {
                    rpcError(response, "INVALID_INPUT", e.getMessage() != null ? e.getMessage() : "Invalid cursor");
                    session.reply(response);
                    return;
                }
                ObjectNode result = response.putObject("result");
                result.putArray("workflows").addAll(page.workflows());
                result.put("next", page.next());
            }
            case "get_workflow" -> {
                Optional<ObjectNode> workflow = state.store().get(data.path("id").asText(""));
                if (workflow.isPresent()) {
                    response.set("result", workflow.get());
                } else {
                    rpcError(response, "NOT_FOUND", "Workflow not found");
                }
            }
            default -> rpcError(response, "NOT_IMPLEMENTED",
                    "'" + name + "' is not supported by the NodeTool test server");
        }
        session.reply(response);
    }

    private static void rpcError(ObjectNode response, String code, String text) {
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", text);
        error.put("retryable", false);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void kill() {
        session.close(1000, "");
    }

    private static ObjectNode message(String text) {
        ObjectNode reply = JSON.objectNode();
        reply.put("message", text);
        return reply;
    }

    private static ObjectNode error(String text) {
        ObjectNode reply = JSON.objectNode();
        reply.put("error", text);
        return reply;
    }

    private static ObjectNode rejection(String error, String key, String text) {
        ObjectNode reply = error(error);
        reply.put(key, text);
        return reply;
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "undefined";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
