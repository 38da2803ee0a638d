package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Workflows on the wire: the response shape (Gen C {@code WorkflowResponse}, protocol-notes §4.1;
 * Gen A {@code Workflow}, §4.1, §4.4, §4.5), whose differing columns the {@link Dialect} fills,
 * and the reading of create/update bodies (protocol-notes §4.2) with each generation's validation, which the
 * {@link RequestRules} choose between. The store keeps workflows in a generation-neutral form.
 * Stateless, thread-safe.
 */
final class WorkflowShapes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Optional string columns of protocol-notes §4.1, copied from a request when they are strings. */
    private static final List<String> TEXT_COLUMNS = List.of(
            "tool_name", "thumbnail", "thumbnail_url", "package_name", "path", "run_mode", "workspace_id", "html_app");

    private final Dialect dialect;

    WorkflowShapes(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A new workflow id: 32 lower-case hex digits, as NodeTool makes them. */
    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    // ---------------------------------------------------------------- responses

    /** The stored workflow as this generation's workflow object. */
    ObjectNode response(ObjectNode stored) {
        ObjectNode out = JSON.objectNode();
        out.put("id", stored.path("id").asText());
        out.put("access", "public".equals(stored.path("access").asText()) ? "public" : "private");
        out.set("created_at", time(stored.get("created_at")));
        out.set("updated_at", time(stored.get("updated_at")));
        out.set("name", copy(stored, "name"));
        out.set("tool_name", copy(stored, "tool_name"));
        JsonNode description = copy(stored, "description");
        out.set("description", dialect.workflowDescription(description));
        out.set("tags", copy(stored, "tags"));
        out.set("thumbnail", copy(stored, "thumbnail"));
        out.set("thumbnail_url", copy(stored, "thumbnail_url"));
        JsonNode graph = stored.get("graph");
        out.set("graph", graph == null || graph.isNull() ? emptyGraph() : graph.deepCopy());
        dialect.putSchemas(out, graph);
        out.set("settings", copy(stored, "settings"));
        out.set("package_name", copy(stored, "package_name"));
        out.set("path", copy(stored, "path"));
        out.set("run_mode", copy(stored, "run_mode"));
        out.set("workspace_id", copy(stored, "workspace_id"));
        out.putNull("required_providers");
        out.putNull("required_models");
        dialect.putTrailingColumns(out, stored);
        return out;
    }

    /** The same workflow with its graph emptied: the examples listing is metadata only (protocol-notes §4.3). */
    ObjectNode metadataOnly(ObjectNode stored) {
        ObjectNode out = response(stored);
        out.set("graph", emptyGraph());
        dialect.putSchemas(out, null);
        return out;
    }

    private JsonNode time(JsonNode stored) {
        if (stored == null || !stored.isTextual()) {
            return JSON.nullNode();
        }
        // Stored timestamps may come in either form; text that does not parse is shown as it is.
        Instant instant = Timestamps.parse(stored.asText());
        return JSON.textNode(instant == null ? stored.asText() : dialect.formatTime(instant));
    }

    private static JsonNode copy(ObjectNode stored, String field) {
        JsonNode v = stored.get(field);
        return v == null ? JSON.nullNode() : v.deepCopy();
    }

    static ObjectNode emptyGraph() {
        ObjectNode graph = JSON.objectNode();
        graph.putArray("nodes");
        graph.putArray("edges");
        return graph;
    }

    // ---------------------------------------------------------------- requests

    /**
     * Gen C create/update (protocol-notes §4.2): lenient reading, {@code 400} with the route's own message.
     *
     * @param body the request body, null when absent
     * @param id the workflow's id
     * @param existing the stored workflow an update replaces, or null to create
     */
    ObjectNode currentWorkflow(JsonNode body, String id, ObjectNode existing) {
        if (body == null || !body.isObject()) {
            throw HttpError.detail(400, "Invalid JSON body");
        }
        if (!body.path("name").isTextual()) {
            throw HttpError.detail(400, "Invalid workflow");
        }
        JsonNode graph = body.get("graph");
        if (!isGraph(graph)) {
            throw HttpError.detail(400, "graph is required and must have nodes and edges arrays");
        }
        ObjectNode w = existing != null ? existing.deepCopy() : JSON.objectNode();
        w.put("id", id);
        w.put("name", body.get("name").asText());
        w.set("graph", graph.deepCopy());
        if (existing == null) {
            w.put("access", "private");
            w.put("description", "");
            w.putArray("tags");
            w.putNull("settings");
            w.put("run_mode", "workflow");
            w.put("created_at", Timestamps.javascript(Instant.now()));
        }
        // Optional columns change only when sent; an explicit null clears them; a wrong type is "not sent".
        if (body.has("access")
                && (body.get("access").isTextual() || body.get("access").isNull())) {
            w.put("access", "public".equals(body.get("access").asText()) ? "public" : "private");
        }
        if (body.has("description")
                && (body.get("description").isTextual()
                        || body.get("description").isNull())) {
            w.set("description", body.get("description").deepCopy());
        }
        if (body.has("tags") && (body.get("tags").isArray() || body.get("tags").isNull())) {
            w.set("tags", textArray(body.get("tags")));
        }
        if (body.has("settings")
                && (body.get("settings").isObject() || body.get("settings").isNull())) {
            w.set("settings", body.get("settings").deepCopy());
        }
        if (body.has("app_doc")
                && (body.get("app_doc").isObject() || body.get("app_doc").isNull())) {
            w.set("app_doc", body.get("app_doc").deepCopy());
        }
        for (String column : TEXT_COLUMNS) {
            JsonNode v = body.get(column);
            if (v != null && (v.isTextual() || v.isNull())) {
                w.set(column, v.deepCopy());
            }
        }
        w.put(
                "updated_at",
                Timestamps.javascript(Timestamps.after(
                        existing == null ? null : existing.path("updated_at").asText(null))));
        return w;
    }

    /**
     * Gen A create/update (pydantic {@code WorkflowRequest}, protocol-notes §4.4): 422 for a body of the wrong
     * shape, {@code 400 {"detail":"Invalid workflow"}} without a graph. Fields not sent are cleared, as
     * the Python handlers assigned every column from the request.
     *
     * @param existing the stored workflow an update replaces (its {@code created_at} is kept), or null
     * @param stripConnectedSlots whether to apply {@code remove_connected_slots} (create only)
     */
    ObjectNode legacyWorkflow(JsonNode body, String id, ObjectNode existing, boolean stripConnectedSlots) {
        if (!body.isObject()) {
            throw Bodies.unprocessable(Bodies.error(
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                    body,
                    "body"));
        }
        JsonNode name = body.get("name");
        if (name == null) {
            throw Bodies.unprocessable(Bodies.error("missing", "Field required", body, "body", "name"));
        }
        if (!name.isTextual()) {
            throw Bodies.unprocessable(
                    Bodies.error("string_type", "Input should be a valid string", name, "body", "name"));
        }
        JsonNode graph = body.get("graph");
        if (graph == null || graph.isNull()) {
            throw HttpError.detail(400, "Invalid workflow");
        }
        if (!graph.isObject()) {
            throw Bodies.unprocessable(Bodies.error(
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                    graph,
                    "body",
                    "graph"));
        }
        for (String part : List.of("nodes", "edges")) {
            if (!graph.has(part)) {
                throw Bodies.unprocessable(Bodies.error("missing", "Field required", graph, "body", "graph", part));
            }
            if (!graph.get(part).isArray()) {
                throw Bodies.unprocessable(Bodies.error(
                        "list_type", "Input should be a valid list", graph.get(part), "body", "graph", part));
            }
        }
        ObjectNode w = JSON.objectNode();
        w.put("id", id);
        w.put("access", "public".equals(body.path("access").asText()) ? "public" : "private");
        String created = existing != null ? existing.path("created_at").asText(null) : null;
        w.put("created_at", created != null ? created : Timestamps.python(Instant.now()));
        w.put(
                "updated_at",
                Timestamps.python(Timestamps.after(
                        existing == null ? null : existing.path("updated_at").asText(null))));
        w.put("name", name.asText());
        w.put(
                "description",
                body.path("description").isTextual() ? body.get("description").asText() : "");
        w.set("tags", body.path("tags").isArray() ? textArray(body.get("tags")) : JSON.nullNode());
        w.set(
                "settings",
                body.path("settings").isObject() ? body.get("settings").deepCopy() : JSON.nullNode());
        for (String column : TEXT_COLUMNS) {
            JsonNode v = body.get(column);
            w.set(column, v != null && v.isTextual() ? v.deepCopy() : JSON.nullNode());
        }
        ObjectNode g = (ObjectNode) graph.deepCopy();
        if (stripConnectedSlots) {
            removeConnectedSlots(g);
        }
        w.set("graph", g);
        return w;
    }

    /** Section 2.5 {@code remove_connected_slots}: a property fed by an edge is not stored in {@code data}. */
    private static void removeConnectedSlots(ObjectNode graph) {
        for (JsonNode edge : graph.get("edges")) {
            String target = edge.path("target").asText();
            String handle = edge.path("targetHandle").asText(null);
            if (handle == null) {
                continue;
            }
            for (JsonNode node : graph.get("nodes")) {
                if (node.path("id").asText().equals(target) && node.path("data").isObject()) {
                    ((ObjectNode) node.get("data")).remove(handle);
                }
            }
        }
    }

    static boolean isGraph(JsonNode graph) {
        return graph != null
                && graph.isObject()
                && graph.path("nodes").isArray()
                && graph.path("edges").isArray();
    }

    private static JsonNode textArray(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return JSON.nullNode();
        }
        ArrayNode out = JSON.arrayNode();
        for (JsonNode t : tags) {
            if (t.isTextual()) {
                out.add(t.asText());
            }
        }
        return out;
    }
}
