package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.NodeToolException;
import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.SessionClosedException;
import ai.nodetool.client.session.Mode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The socket state machine: owns the OkHttp WebSocket of the current connection and its listener.
 * It opens connections, sends frames in the current {@link Mode}, closes, and notices a lost socket
 * (close frame, I/O failure, unanswered keep-alive ping). It knows nothing of jobs or commands.
 *
 * <pre>
 *   CONNECTING --open--> OPEN --lost--> RECONNECTING --open--> OPEN ...
 *        any state --close() / kill() / fatal loss--> CLOSED (final)
 * </pre>
 *
 * Each connection attempt has a number; callbacks of an older socket are ignored.
 *
 * <p>Out: every frame of the current socket goes to {@link Inbound} (the decoder), in order, on
 * OkHttp's reader thread; a lost socket goes once to {@link LossListener} (the reconnector).
 *
 * <p>Lock: {@code lock} guards the state, the socket, the connection number, the URL and the fatal
 * cause. Called from application threads (send, close), the session timer (reconnect attempts) and
 * OkHttp's reader thread (listener callbacks, pongs, sends of continuations).
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(ai.nodetool.client.session.JobSession.class.getName());
    static final int NORMAL_CLOSURE = 1000;
    private static final int POLICY_VIOLATION = 1008;
    /** How long close() waits for the server to answer its close frame. */
    private static final long CLOSE_HANDSHAKE_WAIT_MS = 1000;
    /**
     * Most bytes of frames queued for sending that the server has not read yet. OkHttp's own cap
     * (16 MiB) counts payload only; a flood of small frames (e.g. pongs to a server's
     * {@code {"type":"ping"}} flood that never reads) costs ~100 bytes of heap per frame beyond
     * that, so a 16 MiB payload cap could hold ~100 MB. Past this the server is not reading: the
     * socket is dropped (and reconnected like any lost socket).
     */
    static final long MAX_OUTBOUND_QUEUE_BYTES = 1024 * 1024;
    /** Bound of the whole upgrade (TCP, TLS, HTTP 101) when the client has no connect timeout. */
    static final long DEFAULT_HANDSHAKE_TIMEOUT_MS = 20_000;

    enum State {
        CONNECTING,
        OPEN,
        RECONNECTING,
        CLOSED
    }

    /** Where frames go: the decoder. Called on OkHttp's reader thread, one frame at a time. */
    interface Inbound {
        void onText(String text);

        void onBinary(ByteString bytes);
    }

    /** Where a lost socket is reported: the reconnector. Called once per connection. */
    interface LossListener {
        /**
         * @param cause why the socket is gone
         * @param fatal true when the connection already moved to CLOSED for good (authentication
         *     refused): nothing may be retried; false when it is RECONNECTING
         */
        void onLost(Throwable cause, boolean fatal);
    }

    private final OkHttpClient client;
    private final HttpSupport http;
    private final boolean apiKeyInQuery;
    private final HttpUrl firstCandidate;
    private final String pingDescription;
    private final Inbound inbound;
    private final LossListener losses;

    private final Object lock = new Object();
    // Guarded by lock.
    private State state = State.CONNECTING;
    private WebSocket socket;
    private int connection;
    private HttpUrl url;
    private Throwable fatal;

    private volatile Mode mode = Mode.BINARY;
    /** System.nanoTime() when the current (or last) socket opened. */
    private volatile long openedAtNanos = System.nanoTime();
    /** Set by close(): released when OkHttp reports the socket closed or failed. */
    private volatile CountDownLatch closeAcknowledged;

    Connection(
            OkHttpClient client,
            HttpSupport http,
            boolean apiKeyInQuery,
            List<HttpUrl> candidates,
            String pingDescription,
            Inbound inbound,
            LossListener losses) {
        this.client = client;
        this.http = http;
        this.apiKeyInQuery = apiKeyInQuery;
        this.firstCandidate = candidates.get(0);
        this.pingDescription = pingDescription;
        this.inbound = inbound;
        this.losses = losses;
    }

    /** Starts one upgrade; completes when it opened (and the socket is installed) or failed. */
    CompletableFuture<Void> open(HttpUrl target) {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        int number;
        synchronized (lock) {
            if (state == State.CLOSED) {
                opened.completeExceptionally(closedException());
                return opened;
            }
            number = ++connection;
        }
        Request request;
        try {
            HttpUrl u = target;
            String token = http.token();
            if (apiKeyInQuery && token != null) {
                u = u.newBuilder().setQueryParameter("api_key", token).build();
            }
            request = new Request.Builder().url(u).build();
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            return opened;
        }
        Listener listener = new Listener(number, target, opened);
        WebSocket ws = client.newWebSocket(request, listener);
        // OkHttp bounds the TCP connect by the connect timeout but waits for the 101 answer as long
        // as the read timeout allows (10 minutes by default, none at all if 0): a server that
        // accepts and never answers would hang connect(). The whole upgrade gets a bound of its own.
        long bound = handshakeTimeoutMillis(client);
        CompletableFuture.delayedExecutor(bound, TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (lock) { // onOpen installs under the same lock: one of the two wins
                if (listener.installed || opened.isDone()) {
                    return;
                }
                listener.abandoned = true;
            }
            opened.completeExceptionally(new NodeToolTimeoutException(
                    NodeToolTimeoutException.Kind.CONNECT,
                    "WebSocket upgrade of " + redact(target) + " not answered within " + bound
                            + " ms (twice the connect timeout)",
                    null));
            ws.cancel();
        });
        return opened;
    }

    /**
     * @param client the socket's client
     * @return twice its connect timeout (TCP connect, then the upgrade's answer), or
     *     {@link #DEFAULT_HANDSHAKE_TIMEOUT_MS} when it has none
     */
    static long handshakeTimeoutMillis(OkHttpClient client) {
        long connect = client.connectTimeoutMillis();
        return connect <= 0 ? DEFAULT_HANDSHAKE_TIMEOUT_MS : 2 * connect;
    }

    /** @return System.nanoTime() when the current (or last) socket opened */
    long openedAtNanos() {
        return openedAtNanos;
    }

    /**
     * Sends one frame in the current mode.
     *
     * @throws NodeToolException the session's end cause when closed; an I/O exception while
     *     reconnecting or when OkHttp refuses the frame (socket closing)
     */
    void send(ObjectNode frame) {
        WebSocket ws;
        Mode m;
        synchronized (lock) {
            if (state == State.CLOSED) {
                throw closedException();
            }
            if (state != State.OPEN || socket == null) {
                throw new NodeToolIOException("WebSocket session is reconnecting; try again when it is open", null);
            }
            ws = socket;
            m = mode;
        }
        long backlog = ws.queueSize();
        if (backlog > MAX_OUTBOUND_QUEUE_BYTES) {
            // The server does not read what we send: drop the socket (OkHttp reports the failure,
            // and the session treats it as a lost socket) instead of queueing without bound.
            ws.cancel();
            throw new NodeToolIOException(
                    "WebSocket send queue holds " + backlog + " bytes the server has not read (limit "
                            + MAX_OUTBOUND_QUEUE_BYTES + "); the connection is dropped",
                    null);
        }
        boolean queued = m == Mode.TEXT
                ? ws.send(CommandEncoder.toJson(frame))
                : ws.send(ByteString.of(CommandEncoder.toMsgpack(frame)));
        if (!queued) {
            synchronized (lock) {
                if (state == State.CLOSED) {
                    throw closedException();
                }
            }
            throw new NodeToolIOException("WebSocket is closing; the frame was not sent", null);
        }
    }

    /**
     * Closes for good with code 1000 and waits (bounded) for the server to answer the close frame,
     * so that closing the client right after (which cancels OkHttp's calls) cannot drop it.
     *
     * @return false when already closed
     */
    boolean close() {
        WebSocket ws;
        synchronized (lock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            CountDownLatch acknowledged = new CountDownLatch(1);
            closeAcknowledged = acknowledged;
            ws.close(NORMAL_CLOSURE, "client closed the session");
            try {
                acknowledged.await(CLOSE_HANDSHAKE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /**
     * Closes for good at once (socket cancelled, no close handshake).
     *
     * @param cause the session's end cause, or null (a connect that never opened)
     * @return false when already closed
     */
    boolean kill(Throwable cause) {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            fatal = cause;
            if (socket != null) {
                socket.cancel();
                socket = null;
            }
        }
        return true;
    }

    /** @return the URL to reconnect to while RECONNECTING, else null (closed meanwhile) */
    HttpUrl reconnectTarget() {
        synchronized (lock) {
            return state == State.RECONNECTING ? url : null;
        }
    }

    /** @return true when connected to a legacy {@code /predict} endpoint (no replay) */
    boolean isLegacyEndpoint() {
        synchronized (lock) {
            List<String> segments = url.pathSegments();
            return !segments.isEmpty() && "predict".equals(segments.get(segments.size() - 1));
        }
    }

    boolean isOpen() {
        synchronized (lock) {
            return state == State.OPEN;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return state == State.CLOSED;
        }
    }

    /** @return the URL of the current (or first candidate) connection, without {@code api_key} */
    String url() {
        synchronized (lock) {
            return redact(url != null ? url : firstCandidate);
        }
    }

    Mode mode() {
        return mode;
    }

    /** Records the mode the server confirmed; the next frames are sent in it. */
    void mode(Mode newMode) {
        mode = newMode;
    }

    /** @return what a call on the closed session fails with: the fatal cause, or "closed" */
    NodeToolException closedException() {
        Throwable f;
        synchronized (lock) {
            f = fatal;
        }
        if (f instanceof NodeToolException) {
            return (NodeToolException) f;
        }
        return new SessionClosedException("The WebSocket session is closed");
    }

    /** @return the cause the session ended with: the fatal cause, else {@link #closedException()} */
    Throwable endCause() {
        synchronized (lock) {
            if (fatal != null) {
                return fatal;
            }
        }
        return closedException();
    }

    static boolean isFatal(Throwable error) {
        return error instanceof AuthenticationException || error instanceof PermissionDeniedException;
    }

    static String redact(HttpUrl u) {
        return u == null
                ? "null"
                : u.newBuilder().removeAllQueryParameters("api_key").build().toString();
    }

    private final class Listener extends WebSocketListener {
        private final int number;
        private final HttpUrl target;
        private final CompletableFuture<Void> opened;
        /** Set once onOpen installed this socket: a failure before that only fails the open. */
        private volatile boolean installed;
        /** Set (under lock) when the handshake bound gave up on this socket. */
        private volatile boolean abandoned;

        Listener(int number, HttpUrl target, CompletableFuture<Void> opened) {
            this.number = number;
            this.target = target;
            this.opened = opened;
        }

        private boolean current() {
            synchronized (lock) {
                return number == connection && state != State.CLOSED;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            synchronized (lock) {
                if (number != connection || state == State.CLOSED) {
                    webSocket.close(NORMAL_CLOSURE, null);
                    opened.completeExceptionally(closedException());
                    return;
                }
                if (abandoned) {
                    // The handshake bound fired first: this socket was cancelled; never install it.
                    webSocket.cancel();
                    return;
                }
                socket = webSocket;
                url = target;
                state = State.OPEN;
                mode = Mode.BINARY; // every connection starts in binary (protocol-notes §6.2)
                openedAtNanos = System.nanoTime();
                installed = true;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket open: " + redact(target));
            opened.complete(null);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (current()) {
                inbound.onText(text);
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            if (current()) {
                inbound.onBinary(bytes);
            }
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            // Record the loss before answering the close: once close() is called OkHttp refuses
            // sends, and a command sent in between must fail with the session's real cause (e.g.
            // AuthenticationException for 1008), not a generic "closing" error.
            if (!opened.isDone()) {
                opened.completeExceptionally(closeError(code, reason));
            } else {
                lost(number, closeError(code, reason));
            }
            webSocket.close(NORMAL_CLOSURE, null);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            closeHandshakeDone();
            lost(number, closeError(code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            closeHandshakeDone();
            if (!installed) {
                // Before the socket opened (or after the handshake bound gave up on it): only the
                // open fails, no reconnect is started from here.
                opened.completeExceptionally(upgradeOrIoError(t, response));
                return;
            }
            // OkHttp's ping check fails an open socket with a SocketTimeoutException when a ping is
            // not answered by the next interval; say so, instead of a generic "read timed out".
            Throwable error = t instanceof SocketTimeoutException
                            && String.valueOf(t.getMessage()).contains("ping")
                    ? new NodeToolTimeoutException(
                            NodeToolTimeoutException.Kind.IDLE,
                            "WebSocket ping not answered within " + pingDescription + ": the connection is half-open ("
                                    + http.scrub(String.valueOf(t.getMessage())) + ")",
                            t)
                    : upgradeOrIoError(t, response);
            lost(number, error);
        }
    }

    private void closeHandshakeDone() {
        CountDownLatch acknowledged = closeAcknowledged;
        if (acknowledged != null) {
            acknowledged.countDown();
        }
    }

    /** The socket of connection {@code number} is gone: move on and tell the loss listener once. */
    private void lost(int number, Throwable cause) {
        boolean fatalLoss = isFatal(cause);
        synchronized (lock) {
            if (number != connection || state == State.CLOSED || state == State.RECONNECTING) {
                return;
            }
            socket = null;
            if (fatalLoss) {
                // Closed in the same step, so a command sent meanwhile fails with this cause
                // (e.g. AuthenticationException), never with "reconnecting".
                state = State.CLOSED;
                fatal = cause;
            } else {
                state = State.RECONNECTING;
            }
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket lost (" + cause.getMessage() + ")");
        losses.onLost(cause, fatalLoss);
    }

    private Throwable upgradeOrIoError(Throwable t, Response response) {
        if (response != null && response.code() != 101) {
            try {
                return http.httpError(response);
            } catch (RuntimeException e) {
                return new NodeToolIOException("WebSocket upgrade refused with HTTP " + response.code(), t);
            }
        }
        if (t instanceof IOException) {
            HttpUrl u;
            synchronized (lock) {
                u = url != null ? url : firstCandidate;
            }
            return http.ioError((IOException) t, new Request.Builder().url(u).build());
        }
        return new NodeToolIOException("WebSocket failed: " + http.scrub(String.valueOf(t)), t);
    }

    private NodeToolException closeError(int code, String reason) {
        String text = "WebSocket closed by the server with code " + code
                + (reason == null || reason.isEmpty() ? "" : " (" + http.scrub(reason) + ")");
        if (code == POLICY_VIOLATION) {
            // Gen B accepts the upgrade, then closes with 1008 when auth fails (protocol-notes §3.2).
            return new AuthenticationException(text, 401, Map.of(), reason, "");
        }
        return new NodeToolIOException(text, null);
    }
}
