package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.engine.ExecutionOutcome;
import ai.nodetool.testserver.internal.engine.WorkflowException;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/workflows/{id}/run} in both generations: Gen A's flat result or NDJSON stream
 * (protocol-notes §5.2, §5.3), Gen C's blocking envelope (protocol-notes §5.1).
 */
final class RunRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ServerState state;
    private final Bodies bodies;
    private final NdjsonStream ndjson;

    RunRoutes(ServerState state, Bodies bodies) {
        this.state = state;
        this.bodies = bodies;
        this.ndjson = new NdjsonStream(state);
    }

    /** Gen A: body {@code {"params": {…}}} (pydantic {@code RunWorkflowRequest}), {@code ?stream=true} for NDJSON. */
    void flatRun(RequestExchange exchange, Map<String, String> path) throws IOException {
        JsonNode body = bodies.legacyRequired(exchange);
        if (!body.isObject()) {
            throw Bodies.unprocessable(Bodies.error(
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                    body,
                    "body"));
        }
        JsonNode params = body.has("params") ? body.get("params") : JSON.objectNode();
        if (!params.isObject()) {
            throw Bodies.unprocessable(
                    Bodies.error("dict_type", "Input should be a valid dictionary", params, "body", "params"));
        }
        boolean stream = Bodies.legacyBool(exchange, "stream");
        ObjectNode workflow = state.store().get(path.get("id")).orElseThrow(HttpError::workflowNotFound);
        if (stream) {
            ndjson.run(exchange, workflow, params);
            return;
        }
        Firehose firehose = Firehose.of(workflow);
        if (firehose != null) {
            Responses.json(exchange, 200, JSON.objectNode().put(Firehose.TITLE, firehose.count()));
            return;
        }
        ExecutionOutcome outcome = runToEnd(workflow, params, WorkflowShapes.newId(), 500);
        ObjectNode flat = state.dialect()
                .flatRunBody(outcome, LegacyFrames.flatByName(outcome.lastByName(), Media.octetStreamDataUri()))
                .orElseThrow(() -> HttpError.detail( // protocol-notes §5.2: an error message raises 500 {"detail"}
                        500, outcome.error() != null ? outcome.error() : "Workflow run was " + outcome.status()));
        Responses.json(exchange, 200, flat);
    }

    /**
     * Gen C: every body field optional, {@code ?stream=true} ignored; HTTP 200 with the envelope even
     * when the run failed. Media go to temp storage and come back as absolute URLs built from the
     * request's Host header.
     */
    void envelopeRun(RequestExchange exchange, Map<String, String> path) throws IOException {
        JsonNode body = bodies.current(exchange);
        ObjectNode workflow = state.store().get(path.get("id")).orElseThrow(HttpError::workflowNotFound);
        String runMode = workflow.path("run_mode").asText("workflow");
        if (!runMode.equals("workflow")) {
            throw HttpError.detail(
                    400, "Workflow run mode \"" + runMode + "\" is not supported by the standalone backend");
        }
        JsonNode params = body != null && body.path("params").isObject() ? body.get("params") : JSON.objectNode();
        boolean background = body != null
                && body.path("background").isBoolean()
                && body.get("background").asBoolean();
        String workflowId = workflow.path("id").asText();
        String jobId = UUID.randomUUID().toString();

        ObjectNode envelope = JSON.objectNode();
        envelope.put("job_id", jobId);
        Firehose firehose = Firehose.of(workflow);
        if (background) {
            if (firehose == null) {
                start(workflow, params, jobId, 400, false);
            }
            envelope.put("id", jobId);
            envelope.put("workflow_id", workflowId);
            envelope.put("status", "running");
            envelope.put("background", true);
            envelope.put("poll", "Poll get_job with job_id " + jobId + " for the result");
            Responses.json(exchange, 200, envelope);
            return;
        }
        envelope.put("workflow_id", workflowId);
        if (firehose != null) {
            envelope.put("status", "completed");
            envelope.putObject("outputs").putArray(Firehose.OUTPUT_NAME).add(firehose.count());
            envelope.putNull("error");
            envelope.put("message_count", firehose.count() + 2);
        } else {
            HttpJob job = start(workflow, params, jobId, 400, false);
            ExecutionOutcome outcome = job.outcome();
            envelope.put("status", outcome.status());
            envelope.set(
                    "outputs",
                    LegacyFrames.outputsByName(
                            outcome.outputs(), Media.tempUrl(state.tempStorage(), origin(exchange))));
            envelope.put("error", outcome.error());
            // The engine's messages plus the job_update running and terminal frames a job produces.
            envelope.put("message_count", job.messageCount() + 2);
        }
        envelope.put("background", false);
        Responses.json(exchange, 200, envelope);
    }

    /** Gen A worker {@code POST /workflows/{id}/run}: the body is the params object; {@code {"results": …}} (protocol-notes §5.4). */
    void workerRun(RequestExchange exchange, Map<String, String> path) throws IOException {
        JsonNode params = workerParams(exchange);
        ObjectNode workflow = state.store().get(path.get("id")).orElseThrow(HttpError::workflowNotFound);
        ObjectNode response = JSON.objectNode();
        Firehose firehose = Firehose.of(workflow);
        if (firehose != null) {
            response.putObject("results").put(Firehose.TITLE, firehose.count());
        } else {
            ExecutionOutcome outcome = runToEnd(workflow, params, WorkflowShapes.newId(), 500);
            if (!outcome.status().equals("completed")) {
                throw HttpError.detail(
                        500, outcome.error() != null ? outcome.error() : "Workflow run was " + outcome.status());
            }
            response.set("results", LegacyFrames.flatByName(outcome.lastByName(), Media.typedDataUri()));
        }
        Responses.json(exchange, 200, response);
    }

    /** Gen A worker {@code POST /workflows/{id}/run/stream}: SSE (protocol-notes §5.4). */
    void workerStream(RequestExchange exchange, Map<String, String> path, SseStream sse) throws IOException {
        JsonNode params = workerParams(exchange);
        ObjectNode workflow = state.store().get(path.get("id")).orElseThrow(HttpError::workflowNotFound);
        sse.run(exchange, workflow, params);
    }

    private JsonNode workerParams(RequestExchange exchange) {
        JsonNode params = bodies.legacyRequired(exchange);
        if (!params.isObject()) {
            throw Bodies.unprocessable(Bodies.error("dict_type", "Input should be a valid dictionary", params, "body"));
        }
        return params;
    }

    private ExecutionOutcome runToEnd(ObjectNode workflow, JsonNode params, String jobId, int invalidStatus)
            throws IOException {
        return start(workflow, params, jobId, invalidStatus, false).outcome();
    }

    private HttpJob start(ObjectNode workflow, JsonNode params, String jobId, int invalidStatus, boolean keep) {
        try {
            return HttpJob.start(state.engine(), jobId, workflow, params, keep);
        } catch (WorkflowException e) {
            throw HttpError.detail(invalidStatus, e.getMessage());
        } catch (IllegalStateException e) {
            throw HttpError.detail(503, e.getMessage());
        }
    }

    /** {@code http://host:port} as the client addressed this server (its Host header). */
    static String origin(RequestExchange exchange) {
        String host = exchange.header("host");
        return "http://" + (host == null || host.isBlank() ? "127.0.0.1" : host.trim());
    }
}
