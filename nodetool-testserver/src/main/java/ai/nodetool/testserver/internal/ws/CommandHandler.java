package ai.nodetool.testserver.internal.ws;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Dialect.Command;
import ai.nodetool.testserver.internal.core.Dialect.Control;
import ai.nodetool.testserver.internal.core.Dialect.Refusal;
import ai.nodetool.testserver.internal.core.Dialect.Reply;
import ai.nodetool.testserver.internal.core.Dialect.StartJob;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.WorkflowException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers the commands and control frames of one socket (protocol-notes §7.1–§7.4, §9.1).
 * Every command gets exactly one direct reply, an untyped map. Runs on the socket's reader thread;
 * the work it starts (jobs) runs on the engine's threads.
 *
 * <p>The {@link Dialect} reads each message first: Gen A validates the envelope strictly and closes
 * the socket (normal closure) on anything its models reject; Gen C keeps the connection open and
 * answers with a rejection map, and also knows control frames, RPCs, {@code update_node_properties}
 * and {@code stop}, which Gen A's envelope therefore never lets through.
 */
final class CommandHandler {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String INVALID_MESSAGE =
            "All messages must include a 'command' field. Use 'chat_message' command for chat.";

    private final WebSocketEndpoint endpoint;
    private final ServerState state;
    private final Dialect dialect;
    private final Session session;
    private final RpcCommands rpc;

    CommandHandler(WebSocketEndpoint endpoint, Session session) {
        this.endpoint = endpoint;
        this.state = endpoint.state();
        this.dialect = state.dialect();
        this.session = session;
        this.rpc = new RpcCommands(state);
    }

    /** A frame that did not decode (protocol-notes §7.4). */
    void undecodable(String reason) {
        refuse(dialect.undecodable(reason));
    }

    /** One decoded inbound message. */
    void handle(JsonNode message) {
        Dialect.Inbound inbound = dialect.readInbound(message);
        if (inbound instanceof Command command) {
            command(command);
        } else if (inbound instanceof Control control) {
            control(control.message());
        } else {
            refuse((Refusal) inbound);
        }
    }

    private void command(Command command) {
        ObjectNode d = command.data();
        if (RpcCommands.isRpc(command.name())) {
            session.reply(rpc.answer(command.name(), command.requestId(), d));
            return;
        }
        switch (command.name()) {
            case "run_job" -> runJob(d);
            case "reconnect_job" -> reconnectJob(d);
            case "cancel_job" -> cancelJob(d);
            case "get_status" -> getStatus(d);
            case "set_mode" -> setMode(d);
            case "clear_models" -> session.reply(message(dialect.clearModelsMessage()));
            case "stream_input" -> streamInput(d, "Input item streamed");
            case "end_input_stream" -> streamInput(d, "Input stream ended");
            case "update_node_properties" -> updateNodeProperties(d);
            case "stop" -> stop(d);
            default -> session.reply(error("Unknown command"));
        }
    }

    /** Control frames: messages without a {@code command} (protocol-notes §7.1). */
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
            case "renderer_tool_result" ->
                missing = !message.path("renderer_id").isTextual()
                        ? "renderer_id"
                        : message.path("tool_call_id").isTextual() ? null : "tool_call_id";
            default -> {
                session.reply(rejection("invalid_message", "message", INVALID_MESSAGE));
                return;
            }
        }
        if (missing != null) {
            session.reply(rejection(
                    "invalid_message", "message", "Invalid " + type + " message: " + missing + " is required"));
        }
        // A valid chat/renderer control frame has no reply; chat is outside this server's scope.
    }

    // ---- run_job -----------------------------------------------------------------------------

    private void runJob(ObjectNode data) {
        Dialect.RunJob decision = dialect.readRunJob(data, state.store());
        if (!(decision instanceof StartJob request)) {
            refuse((Refusal) decision);
            return;
        }
        JsonNode workflow = request.workflow();
        WebSocketJob job = new WebSocketJob(
                endpoint,
                session,
                request.jobId(),
                request.workflowId(),
                workflow == null ? JSON.objectNode() : workflow,
                data.get("params"),
                data);
        endpoint.register(job);
        session.own(job);
        ObjectNode started = message("Job started");
        started.put("workflow_id", request.acknowledgedWorkflowId());
        int position = session.admit(job);
        if (workflow == null) {
            session.reply(started);
            job.failAfterStart("Workflow " + request.workflowId() + " not found");
            return;
        }
        if (position > 0) {
            session.reply(started);
            job.markQueued(position);
            return;
        }
        try {
            job.start(() -> session.reply(started));
        } catch (WorkflowException | IllegalStateException e) {
            switch (dialect.startFailure()) {
                case REJECT_COMMAND -> {
                    endpoint.unregister(job);
                    session.disown(job);
                    job.releaseSlot();
                    session.reply(rejection("invalid_command", "details", e.getMessage()));
                }
                case FAIL_JOB_UNDER_WORKFLOW_ID -> {
                    session.reply(started);
                    job.failBeforeStart(e.getMessage(), request.workflowId());
                }
            }
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
            session.send(dialect.reconnectNotFound(jobId, requestedWorkflow));
            return;
        }
        dialect.resume(job.resumableBy(session), data);
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
            reply.put("workflow_id", dialect.cancelNotFoundWorkflowId(textOrNull(data.get("workflow_id"))));
            session.reply(reply);
            return;
        }
        if (job.phase() == WebSocketJob.Phase.QUEUED
                && job.starter().unqueue(job, () -> {
                    ObjectNode reply = message("Queued job cancelled");
                    reply.put("job_id", jobId);
                    reply.put("workflow_id", job.workflowId());
                    session.reply(reply);
                    job.cancelQueued();
                })) {
            return;
        }
        dialect.cancelRunning(job.cancellableBy(session, textOrNull(data.get("workflow_id"))));
    }

    private void getStatus(ObjectNode data) {
        String jobId = textOrNull(data.get("job_id"));
        if (jobId != null && !jobId.isEmpty()) {
            WebSocketJob job = session.ownedJob(jobId);
            if (job == null
                    || (!dialect.keepsFinishedJobsOnConnection() && job.phase() == WebSocketJob.Phase.FINISHED)) {
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
            refuse(dialect.invalidMode());
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
        if (job == null) {
            return;
        }
        boolean wasQueued =
                job.phase() == WebSocketJob.Phase.QUEUED && job.starter().unqueue(job, job::cancelQueued);
        if (!wasQueued && job.phase() == WebSocketJob.Phase.RUNNING) {
            job.cancelRunning();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void refuse(Refusal refusal) {
        if (refusal instanceof Reply reply) {
            session.reply(reply.body());
        } else {
            kill();
        }
    }

    /** Closes the socket normally, as a receive loop that ends on a validation error does. */
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

    static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
