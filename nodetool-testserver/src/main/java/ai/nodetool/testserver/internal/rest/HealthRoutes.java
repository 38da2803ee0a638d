package ai.nodetool.testserver.internal.rest;

import ai.nodetool.testserver.internal.core.Responses;
import ai.nodetool.testserver.internal.core.ServerState;
import ai.nodetool.testserver.internal.net.RequestExchange;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Health routes: Gen A's worker {@code /health} and {@code /ping} (protocol-notes §4.7), Gen C's
 * {@code /health}, {@code /ready} and {@code /api/health} (protocol-notes §4.7). All need no token (the
 * router exempts them).
 */
final class HealthRoutes {
    /** The NodeTool version Gen C's {@code /api/health} reports (protocol-notes §1.2: TS packages around v0.8.1). */
    static final String CURRENT_VERSION = "0.8.1";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ServerState state;
    private final long startedNanos = System.nanoTime();

    HealthRoutes(ServerState state) {
        this.state = state;
    }

    /** Gen A {@code /health} and {@code /ping}: {@code {"status":"healthy","timestamp":"<iso>"}}. */
    void workerHealth(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode body = JSON.objectNode();
        body.put("status", "healthy");
        body.put("timestamp", state.dialect().formatHealthTime(Instant.now()));
        Responses.json(exchange, 200, body);
    }

    /** Gen A/B editor {@code /health}: the JSON string {@code "OK"} (protocol-notes §4.7). */
    void legacyHealth(RequestExchange exchange, Map<String, String> path) throws IOException {
        Responses.json(exchange, 200, JSON.textNode("OK"));
    }

    /** Gen C {@code /health}: always {@code ok} here (the fake has no database to lose). */
    void health(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode body = JSON.objectNode();
        body.put("status", "ok");
        body.put("timestamp", state.dialect().formatTime(Instant.now()));
        body.put("uptime", uptimeSeconds());
        body.put("turns", 0);
        body.put("jobs", state.engine().activeRuns());
        ObjectNode services = body.putObject("services");
        services.put("database", "ok");
        services.put("server", "ok");
        Responses.json(exchange, 200, body);
    }

    void ready(RequestExchange exchange, Map<String, String> path) throws IOException {
        Responses.json(exchange, 200, JSON.objectNode().put("status", "ok"));
    }

    void apiHealth(RequestExchange exchange, Map<String, String> path) throws IOException {
        ObjectNode body = JSON.objectNode();
        body.put("version", CURRENT_VERSION);
        body.put("uptime", uptimeSeconds());
        Responses.json(exchange, 200, body);
    }

    /** Gen C {@code GET /api/storage/temp/<file>}: bytes a run stored in temp storage (protocol-notes §10.2). */
    void tempFile(RequestExchange exchange, Map<String, String> path) throws IOException {
        var blob = state.tempStorage().get(path.get("file")).orElseThrow(() -> HttpError.detail(404, "Not found"));
        exchange.respond(200, Map.of("Content-Type", blob.contentType()), blob.open(), blob.length());
    }

    private long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }
}
