package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.core.WorkflowStore;
import ai.nodetool.testserver.internal.engine.DemoWorkflows;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Editor API's workflow routes other than run: CRUD, listings, public workflows, examples, names,
 * tools and the Gen C interface (protocol-notes §4.1–§4.6). Every method serves the
 * generation the server plays.
 */
final class EditorRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The package the shipped examples belong to (protocol-notes §4.3 {@code /examples/{package}/{name}}). */
    static final String EXAMPLES_PACKAGE = "nodetool-testserver";

    private final ServerState state;
    private final Dialect dialect;
    private final RequestRules requests;
    private final WorkflowShapes shapes;
    /** Makes read-check-write updates atomic (optimistic concurrency, upserts). */
    private final Object writeLock = new Object();

    EditorRoutes(ServerState state, RequestRules requests) {
        this.state = state;
        this.dialect = state.dialect();
        this.requests = requests;
        this.shapes = requests.shapes;
    }

    // ---------------------------------------------------------------- CRUD

    /** {@code GET /api/workflows[/]}: {@code {"next", "workflows"}}; query cursor, limit, run_mode. */
    void list(RequestExchange exchange, Map<String, String> path) throws IOException {
        int limit = requests.listLimit(exchange);
        String runMode = exchange.query("run_mode");
        Predicate<ObjectNode> filter =
                w -> runMode == null || runMode.equals(w.path("run_mode").asText(null));
        Responses.json(exchange, 200, page(state.store().list(filter, limit, exchange.query("cursor"))));
    }

    /** {@code POST /api/workflows[/]}. */
    void create(RequestExchange exchange, Map<String, String> path) throws IOException {
        String id = WorkflowShapes.newId();
        ObjectNode workflow = requests.createWorkflow(exchange, id);
        state.store().put(workflow);
        Responses.json(exchange, 200, shapes.response(workflow));
    }

    void get(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode workflow = state.store().get(path.get("id")).orElseThrow(HttpError::workflowNotFound);
        Responses.json(exchange, 200, shapes.response(workflow));
    }

    /** {@code PUT /api/workflows/{id}}: upserts; Gen C honours {@code expected_updated_at} (protocol-notes §4.3). */
    void update(RequestExchange exchange, Map<String, String> path) throws IOException {
        String id = path.get("id");
        ObjectNode saved;
        synchronized (writeLock) {
            saved = requests.updateWorkflow(exchange, id, state.store().get(id).orElse(null));
            state.store().put(saved);
        }
        Responses.json(exchange, 200, shapes.response(saved));
    }

    /** {@code DELETE /api/workflows/{id}}: Gen C 204 with no body, Gen A 200 with body {@code null}. */
    void delete(RequestExchange exchange, Map<String, String> path) throws IOException {
        if (!state.store().delete(path.get("id"))) {
            throw HttpError.workflowNotFound();
        }
        dialect.respondDeleted(exchange);
    }

    // ---------------------------------------------------------------- listings

    /** {@code GET /api/workflows/public}: public workflows, {@code next} always null. */
    void listPublic(RequestExchange exchange, Map<String, String> path) throws IOException {
        int limit = requests.listLimit(exchange);
        WorkflowStore.Page page = state.store().list(EditorRoutes::isPublic, limit, null);
        Responses.json(exchange, 200, listing(page.workflows(), shapes::response));
    }

    void getPublic(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode workflow = state.store()
                .get(path.get("id"))
                .filter(EditorRoutes::isPublic)
                .orElseThrow(HttpError::workflowNotFound);
        Responses.json(exchange, 200, shapes.response(workflow));
    }

    /** {@code GET /api/workflows/tools}: {@code {"workflows":[{name, tool_name, description}], "next": null}}. */
    void tools(RequestExchange exchange, Map<String, String> path) throws IOException {
        int limit = requests.listLimit(exchange);
        WorkflowStore.Page page =
                state.store().list(w -> "tool".equals(w.path("run_mode").asText(null)), limit, null);
        Responses.json(exchange, 200, listing(page.workflows(), w -> {
            ObjectNode tool = JSON.objectNode();
            tool.set("name", w.path("name").deepCopy());
            tool.set("tool_name", w.hasNonNull("tool_name") ? w.get("tool_name").deepCopy() : JSON.nullNode());
            tool.set(
                    "description",
                    w.hasNonNull("description") ? w.get("description").deepCopy() : JSON.nullNode());
            return tool;
        }));
    }

    /** {@code GET /api/workflows/names} (Gen C): {@code {"<id>": "<name>"}} for up to 1000 workflows. */
    void names(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode names = JSON.objectNode();
        for (ObjectNode w : state.store().list(w -> true, 1000, null).workflows()) {
            names.put(w.path("id").asText(), w.path("name").asText());
        }
        Responses.json(exchange, 200, names);
    }

    /** {@code GET /api/workflows/examples}: the shipped examples, metadata only (graph emptied). */
    void examples(RequestExchange exchange, Map<String, String> path) throws IOException {
        Responses.json(exchange, 200, listing(examples(), shapes::metadataOnly));
    }

    /** {@code GET /api/workflows/examples/search?query=}: case-insensitive over name, description, tags. */
    void searchExamples(RequestExchange exchange, Map<String, String> path) throws IOException {
        String query = requests.requiredQuery(exchange, "query");
        String needle = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<ObjectNode> hits = new ArrayList<>();
        for (ObjectNode w : examples()) {
            StringBuilder text = new StringBuilder(w.path("name").asText())
                    .append('\n')
                    .append(w.path("description").asText());
            w.path("tags").forEach(t -> text.append('\n').append(t.asText()));
            if (text.toString().toLowerCase(Locale.ROOT).contains(needle)) {
                hits.add(w);
            }
        }
        Responses.json(exchange, 200, listing(hits, shapes::metadataOnly));
    }

    /** {@code GET /api/workflows/examples/{package}/{name}}: one example with its graph. */
    void example(RequestExchange exchange, Map<String, String> path) throws IOException {
        String pkg = path.get("package");
        String name = path.get("name");
        Optional<ObjectNode> found = EXAMPLES_PACKAGE.equals(pkg)
                ? examples().stream()
                        .filter(w -> w.path("name").asText().equals(name)
                                || w.path("id").asText().equals(name))
                        .findFirst()
                : Optional.empty();
        ObjectNode example = found.orElseThrow(
                () -> HttpError.detail(404, "Example '" + name + "' not found in package '" + pkg + "'"));
        Responses.json(exchange, 200, shapes.response(example));
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode page(WorkflowStore.Page page) {
        return listing(page.workflows(), shapes::response, page.next());
    }

    /** A listing whose {@code next} is always null (public, tools, examples). */
    private ObjectNode listing(List<ObjectNode> workflows, Function<ObjectNode, ObjectNode> shape) {
        return listing(workflows, shape, null);
    }

    private ObjectNode listing(List<ObjectNode> workflows, Function<ObjectNode, ObjectNode> shape, String next) {
        List<ObjectNode> shaped = new ArrayList<>();
        workflows.forEach(w -> shaped.add(shape.apply(w)));
        return dialect.workflowList(shaped, next);
    }

    private static boolean isPublic(ObjectNode workflow) {
        return "public".equals(workflow.path("access").asText());
    }

    private static List<ObjectNode> examples() {
        List<ObjectNode> examples = new ArrayList<>();
        for (ObjectNode w : DemoWorkflows.all()) {
            w.put("package_name", EXAMPLES_PACKAGE);
            examples.add(w);
        }
        return examples;
    }
}
