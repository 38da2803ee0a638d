package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * Gen A's Worker API (protocol-notes §5.4): {@code GET /workflows}, {@code PUT}/{@code DELETE
 * /workflows/{id}}, {@code POST /workflows/{id}/run} and {@code /run/stream}. It shares the workflow
 * store with the Editor API, as if the worker were deployed with the editor's workflows. Gen C has no
 * Worker API: these routes are not registered there.
 */
final class WorkerRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The worker's list limit (protocol-notes §5.4: {@code WorkflowList}, limit 1000). */
    private static final int LIST_LIMIT = 1000;

    private final ServerState state;
    private final Bodies bodies;
    private final WorkflowShapes shapes;
    private final RunRoutes runs;
    private final SseStream sse;

    WorkerRoutes(ServerState state, Bodies bodies, WorkflowShapes shapes, RunRoutes runs) {
        this.state = state;
        this.bodies = bodies;
        this.shapes = shapes;
        this.runs = runs;
        this.sse = new SseStream(state);
    }

    void list(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode body = JSON.objectNode();
        var page = state.store().list(w -> true, LIST_LIMIT, null);
        body.put("next", page.next());
        ArrayNode workflows = body.putArray("workflows");
        page.workflows().forEach(w -> workflows.add(shapes.response(w)));
        Responses.json(exchange, 200, body);
    }

    /** Upsert from a WorkflowRequest; {@code 400 {"detail":"Invalid workflow"}} without a graph. */
    void put(RequestExchange exchange, Map<String, String> path) throws IOException {
        String id = path.get("id");
        ObjectNode saved = shapes.legacyWorkflow(
                bodies.legacyRequired(exchange), id, state.store().get(id).orElse(null), false);
        state.store().put(saved);
        Responses.json(exchange, 200, shapes.response(saved));
    }

    void delete(RequestExchange exchange, Map<String, String> path) throws IOException {
        String id = path.get("id");
        if (!state.store().delete(id)) {
            throw HttpError.workflowNotFound();
        }
        ObjectNode body = JSON.objectNode();
        body.put("status", "ok");
        body.put("message", "Workflow " + id + " deleted");
        Responses.json(exchange, 200, body);
    }

    void run(RequestExchange exchange, Map<String, String> path) throws IOException {
        runs.workerRun(exchange, path);
    }

    void stream(RequestExchange exchange, Map<String, String> path) throws IOException {
        runs.workerStream(exchange, path, sse);
    }
}
