package ai.nodetool.testserver.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transport's {@link RequestExchange}: one parsed request and the state of its response. The
 * response methods are synchronized so that a handler may finish the exchange from another thread
 * (for example {@link #abort()} from a job thread while the handler waits).
 */
final class Exchange implements RequestExchange {
    private static final System.Logger LOG = System.getLogger(PortServer.class.getName());

    private enum State {
        NEW,
        RESPONDED,
        STREAMING,
        ABORTED,
        UPGRADED
    }

    private final Connection connection;
    private final RequestHead head;
    private final RequestBody body;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> queryParams;

    private State state = State.NEW;
    private boolean keepAlive;
    private boolean responseComplete;
    private ChunkedOutputStream stream;
    private ServerWebSocket webSocket;

    Exchange(Connection connection, RequestHead head, RequestBody body) throws HttpProtocolException {
        this.connection = connection;
        this.head = head;
        this.body = body;
        String target = head.target();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            // Absolute form (RFC 9112 section 3.2.2): only the path and query matter here.
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        } else if (!target.startsWith("/") && !target.equals("*")) {
            throw new HttpProtocolException(400, "malformed request target");
        }
        int fragment = target.indexOf('#');
        if (fragment >= 0) {
            target = target.substring(0, fragment);
        }
        int question = target.indexOf('?');
        this.rawQuery = question < 0 ? null : target.substring(question + 1);
        this.path = UriDecoding.decodePath(question < 0 ? target : target.substring(0, question));
        this.queryParams = UriDecoding.parseQuery(rawQuery);
        this.keepAlive = head.wantsKeepAlive();
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return queryParams;
    }

    @Override
    public String query(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String header(String name) {
        return head.header(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Map<String, List<String>> headers() {
        return head.headers();
    }

    @Override
    public byte[] body() {
        return body.bytes();
    }

    @Override
    public long bodyLength() {
        return body.length();
    }

    @Override
    public InputStream bodyStream() throws IOException {
        return body.open();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public synchronized void respond(int status, Map<String, String> headers, byte[] responseBody) throws IOException {
        byte[] content = responseBody == null ? new byte[0] : responseBody;
        claim(State.RESPONDED);
        if (closeRequested(headers)) {
            keepAlive = false;
        }
        boolean noBody = HttpStatus.forbidsBody(status);
        connection.writeHead(status, headers, noBody ? -1 : content.length, false, keepAlive);
        if (!noBody && !head.method().equals("HEAD")) {
            connection.out().write(content);
        }
        connection.out().flush();
        responseComplete = true;
    }

    @Override
    public synchronized void respond(int status, Map<String, String> headers, InputStream content, long length)
            throws IOException {
        claim(State.RESPONDED);
        if (closeRequested(headers)) {
            keepAlive = false;
        }
        boolean noBody = HttpStatus.forbidsBody(status);
        connection.writeHead(status, headers, noBody ? -1 : length, false, keepAlive);
        if (!noBody && !head.method().equals("HEAD")) {
            long copied = content.transferTo(connection.out());
            if (copied != length) {
                // The declared length cannot be taken back: end the connection so the client sees the error.
                connection.out().flush();
                abort();
                throw new IOException("body was " + copied + " bytes, declared " + length);
            }
        }
        connection.out().flush();
        responseComplete = true;
    }

    @Override
    public synchronized OutputStream stream(int status, Map<String, String> headers) throws IOException {
        if (HttpStatus.forbidsBody(status)) {
            throw new IllegalArgumentException("status " + status + " cannot have a streamed body");
        }
        claim(State.STREAMING);
        if (closeRequested(headers)) {
            keepAlive = false;
        }
        // HTTP/1.0 has no chunked coding: the end of the body is marked by closing the connection.
        boolean chunked = head.version().equals("HTTP/1.1");
        if (!chunked) {
            keepAlive = false;
        }
        connection.writeHead(status, headers, -1, chunked, keepAlive);
        // Flushed now so that the client sees the status before the first chunk is produced.
        connection.out().flush();
        if (head.method().equals("HEAD")) {
            // A HEAD response ends with its head; what the handler writes has nowhere to go.
            state = State.RESPONDED;
            responseComplete = true;
            return OutputStream.nullOutputStream();
        }
        stream = new ChunkedOutputStream(connection.out(), chunked);
        return stream;
    }

    @Override
    public synchronized void abort() {
        state = State.ABORTED;
        if (stream != null) {
            stream.invalidate();
        }
        if (webSocket != null) {
            webSocket.abort();
        }
        connection.abort();
    }

    @Override
    public void cut() {
        synchronized (this) {
            if (state == State.ABORTED) {
                return;
            }
            if (state == State.UPGRADED) {
                abort(); // the WebSocket reader owns the input, so no lingering here: a reset is the cut
                return;
            }
            state = State.ABORTED;
            if (stream != null) {
                try {
                    stream.flush();
                } catch (IOException e) {
                    // The connection is already broken: closing it is all that is left.
                }
                stream.invalidate();
            }
        }
        connection.lingeringClose();
    }

    @Override
    public boolean isWebSocketUpgrade() {
        return head.method().equals("GET") && head.headerHasToken("upgrade", "websocket");
    }

    @Override
    public synchronized WebSocketConnection upgradeToWebSocket(WebSocketListener listener) throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("response already started (" + state + ")");
        }
        ServerWebSocket socket = new ServerWebSocket(connection, listener, path, head, queryParams);
        String problem = socket.handshake(head);
        if (problem != null) {
            // The library refused the handshake; the answer is in the server's error format.
            // RFC 6455 section 4.4: an unsupported version gets 426 naming the supported one.
            boolean wrongVersion = !"13".equals(head.header("sec-websocket-version"));
            if (wrongVersion) {
                problem = "unsupported Sec-WebSocket-Version (only 13)";
            }
            respond(
                    wrongVersion ? 426 : 400,
                    wrongVersion
                            ? Map.of("Sec-WebSocket-Version", "13", "Content-Type", "application/json")
                            : Map.of("Content-Type", "application/json"),
                    detailJson(problem));
            throw new IOException("WebSocket handshake refused: " + problem);
        }
        state = State.UPGRADED;
        keepAlive = false;
        webSocket = socket;
        return webSocket;
    }

    /**
     * Calls the handler and completes the exchange whatever it did.
     *
     * @return true when the connection may read the next request
     */
    boolean dispatch(RequestHandler handler) {
        try {
            handler.handle(this);
        } catch (Throwable t) {
            boolean keep = handlerFailed(t);
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            return keep;
        }
        return handlerReturned();
    }

    private boolean handlerReturned() {
        State finalState;
        ChunkedOutputStream unfinished;
        synchronized (this) {
            finalState = state;
            unfinished = stream;
        }
        switch (finalState) {
            case NEW:
                LOG.log(
                        System.Logger.Level.WARNING,
                        "handler returned without responding to {0} {1}",
                        head.method(),
                        path);
                return respondError(500, "handler did not respond");
            case RESPONDED:
                return keepAlive && responseComplete;
            case STREAMING:
                // The exchange ends with the handler: a stream it left open is ended properly, so
                // the client is not left waiting for a body nobody will write.
                try {
                    unfinished.close();
                    return keepAlive;
                } catch (IOException e) {
                    return false;
                }
            case UPGRADED:
                webSocket.runReader();
                return false;
            case ABORTED:
            default:
                return false;
        }
    }

    private boolean handlerFailed(Throwable t) {
        State failedState;
        synchronized (this) {
            failedState = state;
        }
        // An IOException is how a handler learns that the client went away: routine, not a bug.
        System.Logger.Level level = t instanceof IOException ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        LOG.log(level, "handler failed for " + head.method() + " " + path, t);
        switch (failedState) {
            case NEW:
                String message =
                        t.getMessage() != null ? t.getMessage() : t.getClass().getName();
                return respondError(500, message);
            case STREAMING:
                // Half a streamed body cannot be taken back; a reset tells the client it is incomplete.
                abort();
                return false;
            case UPGRADED:
                webSocket.close(1011, "internal server error");
                webSocket.runReader();
                return false;
            case RESPONDED:
            case ABORTED:
            default:
                // A partly written response (or none, after abort) leaves the stream unusable.
                return false;
        }
    }

    private boolean respondError(int status, String detail) {
        try {
            respond(status, Map.of("Content-Type", "application/json"), detailJson(detail));
            return keepAlive;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void claim(State next) throws IOException {
        if (state != State.NEW) {
            throw new IllegalStateException("response already started (" + state + ")");
        }
        if (connection.isClosed()) {
            state = State.ABORTED;
            throw new IOException("connection already closed");
        }
        state = next;
    }

    private static boolean closeRequested(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("connection")
                    && header.getValue().toLowerCase(Locale.ROOT).contains("close")) {
                return true;
            }
        }
        return false;
    }

    /** {@code {"detail":"..."}}, the error body shape both server generations use (protocol-notes §2.3). */
    static byte[] detailJson(String detail) {
        StringBuilder json = new StringBuilder(detail.length() + 16).append("{\"detail\":\"");
        for (int i = 0; i < detail.length(); i++) {
            char c = detail.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
