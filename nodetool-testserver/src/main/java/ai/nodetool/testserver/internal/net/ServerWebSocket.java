package ai.nodetool.testserver.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * Server side of one WebSocket on an upgraded {@link Connection}. The protocol (handshake
 * validation, framing, masking, fragmentation, UTF-8 checks, control frames, the closing handshake
 * and the message size limit) is Java-WebSocket's {@link WebSocketImpl} with a {@link Draft_6455}
 * in the server role; this class only moves bytes between it and the socket.
 *
 * <p>Bytes in: the HTTP layer already read the upgrade request, so {@link #handshake} feeds its raw
 * head to the library, which answers 101 or refuses. Afterwards the connection thread runs
 * {@link #runReader()}, which passes every socket read to {@link WebSocketImpl#decode}; the library
 * calls back on that thread, in order.
 *
 * <p>Bytes out: the library never writes to the socket itself. It appends each encoded frame to its
 * {@link WebSocketImpl#outQueue} (frames of one call together, calls in order), and whoever queued
 * something then drains the queue to the socket under {@link #writeLock}, so frames are written
 * whole and in queue order. A sender therefore blocks while a live peer does not read, as with any
 * blocking socket; a peer that is gone fails the write. No thread is started here: the connection
 * thread reads, senders write, and the server's timer bounds a closing handshake.
 *
 * <p>Where the library is more lenient than RFC 6455 asks, this server is too: it accepts unmasked
 * client frames, and it reads a close frame without a status code as 1000 (and echoes 1000).
 *
 * <p>Which code {@code onClose} reports: the code of the close frame this side sent first (by
 * {@link #close} or because the peer broke the protocol), else the code of the peer's close frame,
 * else 1006 (the socket was lost or aborted without a closing handshake).
 */
final class ServerWebSocket implements WebSocketConnection {
    private static final System.Logger LOG = System.getLogger(PortServer.class.getName());
    /** How long a closing handshake this side started may take before the socket is dropped anyway. */
    static final long CLOSE_TIMEOUT_MILLIS = 2000;
    /** How long close() waits for a send that is stuck on a peer that does not read. */
    private static final long CLOSE_LOCK_WAIT_MILLIS = 1000;

    private static final int READ_BUFFER = 16 * 1024;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final Connection connection;
    private final WebSocketListener listener;
    private final String path;
    private final Map<String, String> upgradeHeaders;
    private final Map<String, List<String>> query;
    private final WebSocketImpl protocol;
    private final ReentrantLock writeLock = new ReentrantLock();

    private volatile boolean writeFailed;
    private volatile boolean closedByPeer; // the library is echoing the peer's close frame
    private volatile Future<?> closeTimer;

    ServerWebSocket(
            Connection connection,
            WebSocketListener listener,
            String path,
            RequestHead head,
            Map<String, List<String>> query) {
        this.connection = connection;
        this.listener = listener;
        this.path = path;
        this.query = query;
        Map<String, String> headers = new LinkedHashMap<>();
        head.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        this.upgradeHeaders = Collections.unmodifiableMap(headers);
        // The limit applies to each frame and to a reassembled message alike (1009 when exceeded).
        int maxMessageBytes = (int) Math.max(1, connection.server().maxWebSocketMessageBytes());
        Draft_6455 draft = new Draft_6455(List.of(), maxMessageBytes);
        this.protocol = new WebSocketImpl(new Bridge(), List.of(draft));
    }

    /**
     * Lets the library answer the upgrade request whose head the HTTP layer read. When it accepts,
     * its 101 is written here. When it refuses, nothing is written: its canned error page is dropped
     * so that the HTTP layer can answer in the server's own error format.
     *
     * @return null when the connection is now a WebSocket, else why the handshake was refused
     */
    String handshake(RequestHead head) throws IOException {
        protocol.decode(ByteBuffer.wrap(head.raw()));
        if (!protocol.isOpen()) {
            protocol.outQueue.clear();
            String reason = bridge().refusal;
            return reason != null ? reason : "incomplete WebSocket handshake";
        }
        flush();
        return null;
    }

    @Override
    public void sendText(String text) {
        checkUsable();
        try {
            protocol.send(text);
        } catch (WebsocketNotConnectedException e) {
            throw closed();
        }
        flushOrThrow();
    }

    @Override
    public void sendBinary(byte[] data) {
        checkUsable();
        try {
            // The library encodes the frame before send returns, so the caller keeps its array.
            protocol.send(data);
        } catch (WebsocketNotConnectedException e) {
            throw closed();
        }
        flushOrThrow();
    }

    @Override
    public boolean sendIfIdle(String text, byte[] data) {
        checkUsable();
        if (!writeLock.tryLock()) {
            return false;
        }
        try {
            if (writeLock.hasQueuedThreads()) {
                return false; // another sender waits: it goes first, and this one does not wait behind it
            }
            try {
                if (text != null) {
                    protocol.send(text);
                } else {
                    protocol.send(data);
                }
            } catch (WebsocketNotConnectedException e) {
                throw closed();
            }
            flushOrThrow(); // the lock is reentrant
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void sendPing(byte[] payload) {
        if (payload.length > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("ping payload over 125 bytes");
        }
        checkUsable();
        PingFrame ping = new PingFrame();
        ping.setPayload(ByteBuffer.wrap(payload.clone()));
        try {
            protocol.sendFrame(ping);
        } catch (WebsocketNotConnectedException e) {
            throw closed();
        }
        flushOrThrow();
    }

    @Override
    public void close(int code, String reason) {
        String why = reason == null ? "" : reason;
        CloseFrame frame = new CloseFrame();
        frame.setCode(code);
        frame.setReason(why);
        try {
            frame.isValid();
        } catch (InvalidDataException e) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        if (why.getBytes(StandardCharsets.UTF_8).length > MAX_CONTROL_PAYLOAD - 2) {
            throw new IllegalArgumentException("close reason over 123 UTF-8 bytes");
        }
        if (!protocol.isOpen() || connection.isClosed()) {
            return; // a close was sent or received already, or the socket is gone
        }
        protocol.close(code, why); // queues the close frame; a no-op when a close won the race
        boolean locked;
        try {
            locked = writeLock.tryLock(CLOSE_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            // Another send is stuck on a peer that does not read; a close frame could not get through.
            connection.abort();
            return;
        }
        try {
            drainQueue();
        } catch (IOException e) {
            connection.abort();
            return;
        } finally {
            writeLock.unlock();
        }
        // RFC 6455 section 7.1.1: wait for the peer's close, but not forever. The reader notices the
        // close itself when it was the one closing; a timer wakes it when it is blocked in a read.
        Future<?> timer = connection.server().schedule(connection::abort, CLOSE_TIMEOUT_MILLIS);
        if (timer == null) {
            connection.abort(); // the server is shutting down
        } else {
            closeTimer = timer;
        }
    }

    @Override
    public void abort() {
        connection.abort();
    }

    @Override
    public boolean isOpen() {
        return protocol.isOpen() && !connection.isClosed();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Map<String, String> upgradeHeaders() {
        return upgradeHeaders;
    }

    @Override
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Reads until the connection ends; called once, on the connection thread, after the handler. */
    void runReader() {
        guard(() -> listener.onOpen(this));
        byte[] buffer = new byte[READ_BUFFER];
        try {
            while (true) {
                if (protocol.isFlushAndClose()) {
                    flush();
                    if (closedByPeer) {
                        // The peer sent its close and we echoed it: nothing more can come.
                        connection.close();
                    } else {
                        // This side closed (on request or for a protocol violation): send FIN and
                        // discard what the peer still sends until it closes, so that unread input
                        // does not turn the close into a reset that could destroy the close frame.
                        connection.lingeringClose();
                    }
                    return;
                }
                int n = connection.in().read(buffer);
                if (n < 0) {
                    return; // the peer closed TCP without a closing handshake: 1006
                }
                if (n > 0) {
                    protocol.decode(ByteBuffer.wrap(buffer, 0, n));
                    flush(); // pongs, close echoes and replies the listener queued
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket connection lost: {0}", e.toString());
        } finally {
            Future<?> timer = closeTimer;
            if (timer != null) {
                timer.cancel(false);
            }
            connection.close();
            // The code of a closing handshake under way, else 1006; the library reports it to the
            // bridge, and the listener hears it here, outside the library's locks.
            protocol.eot();
            Bridge bridge = bridge();
            if (bridge.closeCode != 0) {
                guard(() -> listener.onClose(this, bridge.closeCode, bridge.closeReason));
            }
        }
    }

    private void checkUsable() {
        if (connection.isClosed() || writeFailed) {
            throw closed();
        }
    }

    private static UncheckedIOException closed() {
        return new UncheckedIOException(new IOException("WebSocket is closed"));
    }

    private void flushOrThrow() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("WebSocket send failed", e);
        }
        if (writeFailed) {
            // Another thread was writing this frame when the connection broke.
            throw new UncheckedIOException(new IOException("WebSocket send failed"));
        }
    }

    /** Writes everything the library queued, in order. */
    private void flush() throws IOException {
        writeLock.lock();
        try {
            drainQueue();
        } finally {
            writeLock.unlock();
        }
    }

    /** Under {@link #writeLock}. A half-written frame would corrupt the stream, so a failure drops it. */
    private void drainQueue() throws IOException {
        OutputStream out = connection.out();
        boolean wrote = false;
        try {
            ByteBuffer buffer;
            while ((buffer = protocol.outQueue.poll()) != null) {
                if (buffer.hasArray()) {
                    out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                } else {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    out.write(bytes);
                }
                wrote = true;
            }
            if (wrote) {
                out.flush();
            }
        } catch (IOException e) {
            writeFailed = true;
            protocol.outQueue.clear();
            connection.abort(); // the reader then ends with 1006
            throw e;
        }
    }

    /** A listener bug must not kill the reader: log it and close with 1011 (internal error). */
    private void guard(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket listener failed on " + path, e);
            if (protocol.isOpen()) {
                close(CloseFrame.UNEXPECTED_CONDITION, "internal server error");
            }
        }
    }

    private Bridge bridge() {
        return (Bridge) protocol.getWebSocketListener();
    }

    /** The library's callbacks, translated to {@link WebSocketListener} calls. */
    private final class Bridge extends WebSocketAdapter {
        private volatile String refusal;
        private volatile int closeCode; // 0 until the library reports the end
        private volatile String closeReason = "";

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
                WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
            // RFC 6455 section 4.2.1 asks for these too; the draft leaves them to the server.
            if (!hasToken(request.getFieldValue("Connection"), "upgrade")
                    || !hasToken(request.getFieldValue("Upgrade"), "websocket")) {
                throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "missing Connection: Upgrade");
            }
            try {
                if (Base64.getDecoder()
                                .decode(request.getFieldValue("Sec-WebSocket-Key")
                                        .trim())
                                .length
                        != 16) {
                    throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "Sec-WebSocket-Key must encode 16 bytes");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "Sec-WebSocket-Key is not base64");
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {
            // onOpen is the reader's first call (runReader), after the upgrading handler returned.
        }

        @Override
        public void onWebsocketMessage(WebSocket conn, String message) {
            if (protocol.isOpen()) { // we are closing: late messages have no one to go to
                guard(() -> listener.onText(ServerWebSocket.this, message));
            }
        }

        @Override
        public void onWebsocketMessage(WebSocket conn, ByteBuffer message) {
            if (protocol.isOpen()) {
                byte[] bytes = new byte[message.remaining()];
                message.get(bytes);
                guard(() -> listener.onBinary(ServerWebSocket.this, bytes));
            }
        }

        @Override
        public void onWebsocketClosing(WebSocket ws, int code, String reason, boolean remote) {
            if (protocol.getReadyState() == ReadyState.NOT_YET_CONNECTED) {
                refusal = reason == null || reason.isEmpty() ? "WebSocket handshake refused" : reason;
            }
            closedByPeer = remote;
        }

        @Override
        public void onWebsocketClose(WebSocket conn, int code, String reason, boolean remote) {
            if (refusal == null) { // a refused handshake never opened, so it has nothing to close
                closeReason = reason == null ? "" : reason;
                closeCode = code;
            }
        }

        @Override
        public void onWebsocketCloseInitiated(WebSocket ws, int code, String reason) {}

        @Override
        public void onWebsocketError(WebSocket conn, Exception ex) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket on {0} failing: {1}", path, ex.toString());
        }

        @Override
        public void onWriteDemand(WebSocket conn) {
            // Whoever queued a frame drains the queue itself (flush), outside the library's locks.
        }

        @Override
        public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
            return connection.remoteAddress();
        }
    }

    private static boolean hasToken(String value, String token) {
        if (value == null) {
            return false;
        }
        for (String element : value.split("[,;]")) {
            if (element.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
