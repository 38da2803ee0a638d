package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Dialect;
import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.Timestamps;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the REST API reads requests and matches routes, per {@link Dialect.HttpStack}: FastAPI is
 * strict (422 with pydantic errors, a significant trailing slash), NodeTool's TypeScript server
 * lenient. The route handlers call these instead of knowing the framework.
 */
abstract sealed class RequestRules permits RequestRules.FastApi, RequestRules.Node {
    final Bodies bodies;
    final WorkflowShapes shapes;

    private RequestRules(Bodies bodies, WorkflowShapes shapes) {
        this.bodies = bodies;
        this.shapes = shapes;
    }

    static RequestRules of(Dialect.HttpStack stack, Bodies bodies, WorkflowShapes shapes) {
        return switch (stack) {
            case FASTAPI -> new FastApi(bodies, shapes);
            case NODE -> new Node(bodies, shapes);
        };
    }

    /** Finds the route of the request and runs it, or answers 404, 405 (or a redirect) as the framework does. */
    abstract void dispatch(RequestExchange exchange, Routes routes) throws IOException;

    /** The {@code limit} query value of a workflow listing. */
    abstract int listLimit(RequestExchange exchange);

    /** A query value an endpoint declares required, null when absent and the framework lets that pass. */
    abstract String requiredQuery(RequestExchange exchange, String name);

    /** A new workflow with id {@code id} from a create body. */
    abstract ObjectNode createWorkflow(RequestExchange exchange, String id);

    /**
     * The workflow an upsert body makes of {@code existing} (null when there is none).
     *
     * @throws HttpError when the body is invalid or conflicts with {@code existing}
     */
    abstract ObjectNode updateWorkflow(RequestExchange exchange, String id, ObjectNode existing);

    /** FastAPI (Gen A). */
    static final class FastApi extends RequestRules {
        FastApi(Bodies bodies, WorkflowShapes shapes) {
            super(bodies, shapes);
        }

        /** The trailing slash is significant; a path that matches only with it toggled answers {@code 307} to it. */
        @Override
        void dispatch(RequestExchange exchange, Routes routes) throws IOException {
            String path = exchange.path();
            Routes.Match match = routes.find(exchange.method(), path);
            if (match.found()) {
                match.handler.handle(exchange, match.params);
            } else if (match.pathKnown()) {
                Responses.detail(
                        exchange, 405, "Method Not Allowed", Map.of("Allow", String.join(", ", match.allowedMethods)));
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

        private static String toggleSlash(String path) {
            return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        }

        @Override
        int listLimit(RequestExchange exchange) {
            Integer asked = Bodies.legacyInt(exchange, "limit");
            return asked == null ? 100 : asked;
        }

        @Override
        String requiredQuery(RequestExchange exchange, String name) {
            return Bodies.legacyRequiredQuery(exchange, name);
        }

        @Override
        ObjectNode createWorkflow(RequestExchange exchange, String id) {
            return shapes.legacyWorkflow(bodies.legacyRequired(exchange), id, null, true);
        }

        @Override
        ObjectNode updateWorkflow(RequestExchange exchange, String id, ObjectNode existing) {
            return shapes.legacyWorkflow(bodies.legacyRequired(exchange), id, existing, false);
        }
    }

    /** NodeTool's TypeScript server (Gen C). */
    static final class Node extends RequestRules {
        Node(Bodies bodies, WorkflowShapes shapes) {
            super(bodies, shapes);
        }

        /** With or without a trailing slash, {@code HEAD} like {@code GET}. */
        @Override
        void dispatch(RequestExchange exchange, Routes routes) throws IOException {
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

        @Override
        int listLimit(RequestExchange exchange) {
            return Bodies.currentLimit(exchange, "limit", 100, 500);
        }

        @Override
        String requiredQuery(RequestExchange exchange, String name) {
            return exchange.query(name);
        }

        @Override
        ObjectNode createWorkflow(RequestExchange exchange, String id) {
            return shapes.currentWorkflow(bodies.current(exchange), id, null);
        }

        /** Honours {@code expected_updated_at} (optimistic concurrency, protocol-notes §4.3). */
        @Override
        ObjectNode updateWorkflow(RequestExchange exchange, String id, ObjectNode existing) {
            JsonNode body = bodies.current(exchange);
            JsonNode expected = body != null ? body.get("expected_updated_at") : null;
            if (expected != null && expected.isTextual()) {
                if (existing == null) {
                    throw HttpError.workflowNotFound();
                }
                if (!sameTime(expected.asText(), existing.path("updated_at").asText(null))) {
                    throw HttpError.detail(
                            409, "Workflow was modified since last read (optimistic concurrency conflict)");
                }
            }
            return shapes.currentWorkflow(body, id, existing);
        }

        private static boolean sameTime(String a, String b) {
            if (a.equals(b)) {
                return true;
            }
            Instant ia = Timestamps.parse(a);
            Instant ib = Timestamps.parse(b);
            return ia != null && ia.equals(ib);
        }
    }
}
