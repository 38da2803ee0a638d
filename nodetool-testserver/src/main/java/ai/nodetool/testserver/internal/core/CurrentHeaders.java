package ai.nodetool.testserver.internal.core;

import ai.nodetool.testserver.internal.net.RequestExchange;
import ai.nodetool.testserver.internal.net.WebSocketConnection;
import ai.nodetool.testserver.internal.net.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Gen C stamps these on every response (protocol-notes §2.2). */
final class CurrentHeaders implements RequestExchange {
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
    public long bodyLength() {
        return delegate.bodyLength();
    }

    @Override
    public InputStream bodyStream() throws IOException {
        return delegate.bodyStream();
    }

    @Override
    public void respond(int status, Map<String, String> headers, InputStream content, long length) throws IOException {
        delegate.respond(status, withCommon(headers), content, length);
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
