package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.RecordedRequest;
import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.RequestHandler;
import ai.nodetool.testserver.internal.net.WebSocketConnection;
import ai.nodetool.testserver.internal.net.WebSocketListener;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one entry point of every request: records it, applies the generation's common headers,
 * enforces auth (PROTOCOL.md section 6), applies armed HTTP faults, then hands WebSocket upgrades
 * on the generation's path to {@code webSocket} and everything else to {@code rest}.
 */
public final class Router implements RequestHandler {
    /** What the WebSocket endpoint offers the router. */
    public interface Upgrades {
        void upgrade(RequestExchange exchange) throws IOException;
    }

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
        state.recorder().request(new RecordedRequest(
                original.method(), original.path(), original.rawQuery(), original.headers(), original.body(), Instant.now()));
        RequestExchange exchange = state.legacy() ? original : new CurrentHeaders(original);
        String path = exchange.path();
        boolean upgrade = exchange.isWebSocketUpgrade();

        if (!upgrade && state.settings().authRequired() && !isPublic(exchange.method(), path)) {
            String presented = bearer(exchange.header("authorization"));
            if (!state.settings().token().equals(presented)) {
                refuseHttp(exchange, presented == null);
                return;
            }
        }

        Optional<HttpFailure> failure = state.faults().takeHttpFailure(exchange.method(), path);
        if (failure.isPresent()) {
            injectFailure(exchange, failure.get());
            return;
        }

        if (upgrade && path.equals(state.generation().webSocketPath())) {
            if (state.settings().authRequired()) {
                String presented = bearer(exchange.header("authorization"));
                if (presented == null) {
                    presented = exchange.query("api_key");
                }
                if (!state.settings().token().equals(presented)) {
                    refuseUpgrade(exchange, presented == null);
                    return;
                }
            }
            webSocket.upgrade(exchange);
            return;
        }
        rest.handle(exchange);
    }

    /** Routes that need no token (PROTOCOL.md sections 3 and 6). */
    private boolean isPublic(String method, String path) {
        if (method.equals("OPTIONS")) {
            return true;
        }
        if (path.equals("/health") || path.equals("/ping") || path.equals("/ready") || path.equals("/api/health")) {
            return true;
        }
        return !state.legacy()
                && (path.startsWith("/api/workflows/public") || path.startsWith("/api/workflows/examples"));
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

    private void refuseHttp(RequestExchange exchange, boolean missing) throws IOException {
        if (state.legacy()) {
            String message = missing
                    ? "Authorization header required. Use 'Authorization: Bearer <token>'."
                    : "Invalid authentication token.";
            Responses.detail(exchange, 401, message, Map.of("WWW-Authenticate", "Bearer"));
        } else {
            Responses.json(exchange, 401, JsonNodeFactory.instance.objectNode().put("error", "Unauthorized"));
        }
    }

    private void refuseUpgrade(RequestExchange exchange, boolean missing) throws IOException {
        if (state.legacy()) {
            // Gen A/B accept the socket, then close it with 1008 (PROTOCOL.md section 1.1).
            WebSocketConnection socket = exchange.upgradeToWebSocket(new WebSocketListener() {
                @Override
                public void onText(WebSocketConnection connection, String text) {}

                @Override
                public void onBinary(WebSocketConnection connection, byte[] data) {}
            });
            socket.close(1008, missing ? "Missing authentication" : "Invalid authentication");
        } else {
            // Gen C answers the handshake with a bare 401 and destroys the socket.
            exchange.respond(401, Map.of("Content-Length", "0", "Connection", "close"), new byte[0]);
        }
    }

    private void injectFailure(RequestExchange exchange, HttpFailure failure) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.retryAfter() != null) {
            headers.put("Retry-After", Long.toString(failure.retryAfter().toSeconds()));
        }
        if (failure.status() == 401 && !state.legacy()) {
            Responses.json(exchange, 401, JsonNodeFactory.instance.objectNode().put("error", "Unauthorized"), headers);
        } else {
            Responses.detail(exchange, failure.status(), "Injected fault: HTTP " + failure.status(), headers);
        }
    }

    /** Gen C stamps these on every response (PROTOCOL.md section 1). */
    private static final class CurrentHeaders implements RequestExchange {
        private final RequestExchange delegate;
        private final String requestId;

        CurrentHeaders(RequestExchange delegate) {
            this.delegate = delegate;
            String incoming = delegate.header("x-request-id");
            this.requestId = incoming != null ? incoming : UUID.randomUUID().toString();
        }

        private Map<String, String> withCommon(Map<String, String> headers) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putIfAbsent("X-Request-Id", requestId);
            if (!delegate.path().startsWith("/api/storage/")) {
                all.putIfAbsent("X-Content-Type-Options", "nosniff");
            }
            all.putIfAbsent("X-Frame-Options", "SAMEORIGIN");
            all.putIfAbsent("Content-Security-Policy", "frame-ancestors 'self'");
            all.putIfAbsent("Referrer-Policy", "no-referrer");
            return all;
        }

        @Override
        public String method() {
            return delegate.method();
        }

        @Override
        public java.net.InetSocketAddress remoteAddress() {
            return delegate.remoteAddress();
        }

        @Override
        public String path() {
            return delegate.path();
        }

        @Override
        public String rawQuery() {
            return delegate.rawQuery();
        }

        @Override
        public Map<String, List<String>> queryParams() {
            return delegate.queryParams();
        }

        @Override
        public String query(String name) {
            return delegate.query(name);
        }

        @Override
        public String header(String name) {
            return delegate.header(name);
        }

        @Override
        public Map<String, List<String>> headers() {
            return delegate.headers();
        }

        @Override
        public byte[] body() {
            return delegate.body();
        }

        @Override
        public void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
            delegate.respond(status, withCommon(headers), body);
        }

        @Override
        public OutputStream stream(int status, Map<String, String> headers) throws IOException {
            return delegate.stream(status, withCommon(headers));
        }

        @Override
        public void abort() {
            delegate.abort();
        }

        @Override
        public void cut() {
            delegate.cut();
        }

        @Override
        public boolean isWebSocketUpgrade() {
            return delegate.isWebSocketUpgrade();
        }

        @Override
        public WebSocketConnection upgradeToWebSocket(WebSocketListener listener) throws IOException {
            return delegate.upgradeToWebSocket(listener);
        }
    }
}
