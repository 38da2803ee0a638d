package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.RequestHandler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The REST routes of the generation the server plays: the Editor API ({@code /api/workflows/*}),
 * Gen A's Worker API, health routes and Gen C's temp storage. The {@link
 * ai.nodetool.testserver.internal.core.Router} has already recorded the request, checked auth and
 * applied injected HTTP faults.
 *
 * <p>Path matching follows each server: Gen A is FastAPI (the trailing slash is significant; a path
 * that matches only with the slash toggled answers {@code 307} to it; {@code 404 Not Found},
 * {@code 405 Method Not Allowed} with {@code Allow}); Gen C matches with or without a trailing slash,
 * answers {@code HEAD} like {@code GET}, {@code 404 Not found}, {@code 405 Method not allowed}
 * (PROTOCOL.md sections 1.1, 2.2, 2.5). Handlers run on the connection's thread; thread-safe.
 */
public final class RestApi implements RequestHandler {
    private final ServerState state;
    private final Routes routes = new Routes();

    /** Builds the route table of {@code state}'s generation; the state's store, engine and faults are shared. */
    public RestApi(ServerState state) {
        this.state = state;
        Bodies bodies = new Bodies(state.json());
        EditorRoutes editor = new EditorRoutes(state, bodies);
        RunRoutes runs = new RunRoutes(state, bodies);
        HealthRoutes health = new HealthRoutes(state);
        String w = "/api/workflows";
        if (state.legacy()) {
            WorkerRoutes worker = new WorkerRoutes(state, bodies, editor.shapes(), runs);
            routes.add("GET", w + "/", editor::list)
                    .add("POST", w + "/", editor::create);
            addEditorRoutes(editor, w);
            routes.add("POST", w + "/{id}/run", runs::legacyRun)
                    .add("GET", "/workflows", worker::list)
                    .add("PUT", "/workflows/{id}", worker::put)
                    .add("DELETE", "/workflows/{id}", worker::delete)
                    .add("POST", "/workflows/{id}/run", worker::run)
                    .add("POST", "/workflows/{id}/run/stream", worker::stream)
                    .add("GET", "/health", health::legacyHealth)
                    .add("GET", "/ping", health::legacyHealth);
        } else {
            routes.add("GET", w, editor::list)
                    .add("POST", w, editor::create)
                    .add("GET", w + "/names", editor::names);
            addEditorRoutes(editor, w);
            routes.add("POST", w + "/{id}/run", runs::currentRun)
                    .add("GET", w + "/{id}/interface", editor::interfaceV1)
                    .add("GET", "/api/storage/temp/{file}", health::tempFile)
                    .add("GET", "/health", health::currentHealth)
                    .add("GET", "/ready", health::ready)
                    .add("GET", "/api/health", health::apiHealth);
        }
    }

    /**
     * The Editor API routes both generations share. Routes match in the order added, so the
     * literal paths come before {@code /{id}}.
     */
    private void addEditorRoutes(EditorRoutes editor, String w) {
        routes.add("GET", w + "/public", editor::listPublic)
                .add("GET", w + "/public/{id}", editor::getPublic)
                .add("GET", w + "/tools", editor::tools)
                .add("GET", w + "/examples", editor::examples)
                .add("GET", w + "/examples/search", editor::searchExamples)
                .add("GET", w + "/examples/{package}/{name}", editor::example)
                .add("GET", w + "/{id}", editor::get)
                .add("PUT", w + "/{id}", editor::update)
                .add("DELETE", w + "/{id}", editor::delete);
    }

    @Override
    public void handle(RequestExchange exchange) throws IOException {
        try {
            if (state.legacy()) {
                dispatchLegacy(exchange);
            } else {
                dispatchCurrent(exchange);
            }
        } catch (HttpError e) {
            Responses.json(exchange, e.status(), e.body(), e.headers());
        }
    }

    private void dispatchLegacy(RequestExchange exchange) throws IOException {
        String path = exchange.path();
        Routes.Match match = routes.find(exchange.method(), path);
        if (match.found()) {
            match.handler.handle(exchange, match.params);
        } else if (match.pathKnown()) {
            Responses.detail(exchange, 405, "Method Not Allowed", Map.of("Allow", String.join(", ", match.allowedMethods)));
        } else if (!path.equals("/") && routes.knowsPath(toggleSlash(path))) {
            // Starlette's redirect_slashes: 307 to the same URL with the slash toggled, query kept.
            String query = exchange.rawQuery() == null ? "" : "?" + exchange.rawQuery();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", RunRoutes.origin(exchange) + toggleSlash(path) + query);
            exchange.respond(307, headers, new byte[0]);
        } else {
            Responses.detail(exchange, 404, "Not Found");
        }
    }

    private void dispatchCurrent(RequestExchange exchange) throws IOException {
        String path = exchange.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = exchange.method().equals("HEAD") ? "GET" : exchange.method();
        Routes.Match match = routes.find(method, path);
        if (match.found()) {
            match.handler.handle(exchange, match.params);
        } else if (match.pathKnown()) {
            Responses.detail(exchange, 405, "Method not allowed");
        } else {
            Responses.detail(exchange, 404, "Not found");
        }
    }

    private static String toggleSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
    }
}
