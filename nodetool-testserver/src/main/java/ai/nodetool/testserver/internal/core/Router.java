package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.RequestHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one entry point of every request: records it, applies the dialect's common headers, enforces
 * auth (protocol-notes §3) with the dialect's refusals, applies armed HTTP faults, then hands
 * WebSocket upgrades on the dialect's path to {@code webSocket} and everything else to {@code rest}.
 */
public final class Router implements RequestHandler {
    /** What the WebSocket endpoint offers the router. */
    public interface Upgrades {
        void upgrade(RequestExchange exchange) throws IOException;
    }

    /** Bodies larger than this are recorded as empty (uploads of hundreds of MB stay on disk). */
    private static final long MAX_RECORDED_BODY = 4L << 20;

    private final ServerState state;
    private final RequestHandler rest;
    private final Upgrades webSocket;

    public Router(ServerState state, RequestHandler rest, Upgrades webSocket) {
        this.state = state;
        this.rest = rest;
        this.webSocket = webSocket;
    }

    @Override
    public void handle(RequestExchange original) throws IOException {
        state.recorder()
                .request(new ReceivedRequest(
                        original.method(),
                        original.path(),
                        original.rawQuery(),
                        original.headers(),
                        // A spooled upload is not copied into the heap just to be recorded.
                        original.bodyLength() <= MAX_RECORDED_BODY ? original.body() : new byte[0],
                        Instant.now()));
        Dialect dialect = state.dialect();
        RequestExchange exchange = dialect.withCommonHeaders(original);
        String path = exchange.path();
        boolean upgrade = exchange.isWebSocketUpgrade();

        if (!upgrade && state.settings().authRequired() && !isPublic(exchange.method(), path)) {
            String presented = bearer(exchange.header("authorization"));
            if (!state.settings().token().equals(presented)) {
                dialect.refuseHttp(exchange, presented == null);
                return;
            }
        }

        Optional<HttpFailure> failure = state.faults().takeHttpFailure(exchange.method(), path);
        if (failure.isPresent()) {
            injectFailure(exchange, failure.get());
            return;
        }

        if (upgrade && path.equals(dialect.webSocketPath())) {
            if (state.settings().authRequired() && dialect.webSocketNeedsToken()) {
                String presented = bearer(exchange.header("authorization"));
                if (presented == null) {
                    presented = exchange.query("api_key");
                }
                if (!state.settings().token().equals(presented)) {
                    dialect.refuseUpgrade(exchange, presented == null);
                    return;
                }
            }
            webSocket.upgrade(exchange);
            return;
        }
        rest.handle(exchange);
    }

    /** Routes that need no token (protocol-notes §3.4). */
    private boolean isPublic(String method, String path) {
        if (method.equals("OPTIONS")) {
            return true;
        }
        if (path.equals("/health") || path.equals("/ping") || path.equals("/ready") || path.equals("/api/health")) {
            return true;
        }
        return state.dialect().isTokenFree(path);
    }

    /** The token of an {@code Authorization: Bearer <token>} header: scheme case-insensitive, two parts. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split("\\s+");
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        return parts[1];
    }

    private void injectFailure(RequestExchange exchange, HttpFailure failure) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.retryAfter() != null) {
            headers.put("Retry-After", Long.toString(failure.retryAfter().toSeconds()));
        }
        state.dialect().respondInjectedFailure(exchange, failure.status(), headers);
    }
}
