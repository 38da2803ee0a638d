package ai.nodetool.testserver.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Server side of one WebSocket (RFC 6455) on an upgraded {@link Connection}.
 *
 * <p>Threading: the connection thread runs {@link #runReader()}, which calls the listener; any thread
 * may send. Sends hold one lock per connection so frames never interleave.
 *
 * <p>Which code {@code onClose} reports: the code of the close frame this side sent first (by
 * {@link #close} or because the peer broke the protocol), else the code of the peer's close frame,
 * else 1006 (the socket was lost or aborted without a closing handshake).
 */
final class WebSocketImpl implements WebSocketConnection {
    private static final System.Logger LOG = System.getLogger(PortServer.class.getName());
    /** How long a closing handshake may take before the socket is dropped anyway. */
    static final long CLOSE_TIMEOUT_MILLIS = 2000;
    /** How long close() waits for a send that is stuck on a peer that does not read. */
    private static final long CLOSE_LOCK_WAIT_MILLIS = 1000;

    private final Connection connection;
    private final WebSocketListener listener;
    private final String path;
    private final Map<String, String> upgradeHeaders;
    private final Map<String, List<String>> query;
    private final long maxMessageBytes;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean closeNotified = new AtomicBoolean();

    // Written under sendLock; volatile so isOpen() and the reader see them without it.
    private volatile boolean closeSent;
    private volatile boolean closedLocallyFirst;
    private volatile int localCode;
    private volatile String localReason = "";
    private volatile boolean closeReceived;
    private volatile Future<?> closeTimer;

    // Reader thread only.
    private int peerCode = FrameCodec.CLOSE_ABNORMAL;
    private String peerReason = "";

    WebSocketImpl(Connection connection, WebSocketListener listener, String path, RequestHead head,
            Map<String, List<String>> query) {
        this.connection = connection;
        this.listener = listener;
        this.path = path;
        this.query = query;
        this.maxMessageBytes = connection.server().maxWebSocketMessageBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        head.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        this.upgradeHeaders = Collections.unmodifiableMap(headers);
    }

    @Override
    public void sendText(String text) {
        send(FrameCodec.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendBinary(byte[] data) {
        send(FrameCodec.OP_BINARY, data.clone());
    }

    @Override
    public void sendPing(byte[] payload) {
        if (payload.length > FrameCodec.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("ping payload over 125 bytes");
        }
        send(FrameCodec.OP_PING, payload.clone());
    }

    private void send(int opcode, byte[] payload) {
        sendLock.lock();
        try {
            if (closeSent || connection.isClosed()) {
                throw new UncheckedIOException(new IOException("WebSocket is closed"));
            }
            FrameCodec.write(connection.out(), opcode, payload);
            connection.out().flush();
        } catch (IOException e) {
            // A half-written frame would corrupt the stream for every later sender.
            connection.abort();
            throw new UncheckedIOException("WebSocket send failed", e);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void close(int code, String reason) {
        String why = reason == null ? "" : reason;
        byte[] payload = FrameCodec.closePayload(code, why);
        if (!FrameCodec.isSendableCloseCode(code)) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        if (payload.length > FrameCodec.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("close reason over 123 UTF-8 bytes");
        }
        if (closeReceived) {
            return; // the reader answers the peer's close itself
        }
        if (sendCloseFrame(code, why, payload)) {
            scheduleDrop();
        }
    }

    /** Sends our close frame unless one was sent already; true when this call sent it. */
    private boolean sendCloseFrame(int code, String reason, byte[] payload) {
        boolean locked;
        try {
            locked = sendLock.tryLock(CLOSE_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            // Another send is stuck on a peer that does not read; a close frame could not get through.
            localCode = code;
            localReason = reason;
            closedLocallyFirst = true;
            connection.abort();
            return false;
        }
        try {
            if (closeSent || connection.isClosed()) {
                return false;
            }
            localCode = code;
            localReason = reason;
            closedLocallyFirst = !closeReceived;
            closeSent = true;
            FrameCodec.write(connection.out(), FrameCodec.OP_CLOSE, payload);
            connection.out().flush();
            return true;
        } catch (IOException e) {
            connection.abort();
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    /** RFC 6455 section 7.1.1: wait for the peer's close, but not forever. */
    private void scheduleDrop() {
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
        return !closeSent && !closeReceived && !connection.isClosed();
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

    /** Reads frames until the connection ends; called once, on the connection thread. */
    void runReader() {
        guard(() -> listener.onOpen(this));
        try {
            readFrames();
        } catch (WebSocketProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "failing WebSocket: {0}", e.getMessage());
            sendCloseFrame(e.closeCode(), e.getMessage(), FrameCodec.closePayload(e.closeCode(), e.getMessage()));
            // The peer's stream is no longer parseable; drain it so the close frame is not lost to a reset.
            connection.lingeringClose();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket connection lost: {0}", e.toString());
        } finally {
            Future<?> timer = closeTimer;
            if (timer != null) {
                timer.cancel(false);
            }
            connection.close();
            notifyClosed();
        }
    }

    private void readFrames() throws IOException, WebSocketProtocolException {
        int messageOpcode = -1;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (!connection.isClosed()) {
            FrameCodec.Frame frame = FrameCodec.read(connection.in(), maxMessageBytes - message.size());
            if (connection.isClosed()) {
                // Closing a socket while its reader is blocked lets the JDK half-close it first, so a
                // peer may still get a frame in; once this side dropped the connection, none counts.
                throw new EOFException("connection closed locally");
            }
            switch (frame.opcode()) {
                case FrameCodec.OP_TEXT, FrameCodec.OP_BINARY -> {
                    if (messageOpcode != -1) {
                        throw new WebSocketProtocolException(FrameCodec.CLOSE_PROTOCOL_ERROR,
                                "new message before the previous one was finished");
                    }
                    if (frame.fin()) {
                        deliver(frame.opcode(), frame.payload());
                    } else {
                        messageOpcode = frame.opcode();
                        message.writeBytes(frame.payload());
                    }
                }
                case FrameCodec.OP_CONTINUATION -> {
                    if (messageOpcode == -1) {
                        throw new WebSocketProtocolException(FrameCodec.CLOSE_PROTOCOL_ERROR,
                                "continuation frame without a message");
                    }
                    message.writeBytes(frame.payload());
                    if (frame.fin()) {
                        byte[] whole = message.toByteArray();
                        message = new ByteArrayOutputStream();
                        int opcode = messageOpcode;
                        messageOpcode = -1;
                        deliver(opcode, whole);
                    }
                }
                case FrameCodec.OP_PING -> sendPong(frame.payload());
                case FrameCodec.OP_PONG -> {
                    // Unsolicited or answering our ping: nothing to do (RFC 6455 section 5.5.3).
                }
                case FrameCodec.OP_CLOSE -> {
                    peerClosed(frame.payload());
                    return;
                }
                default -> throw new IllegalStateException("codec let through opcode " + frame.opcode());
            }
        }
    }

    private void deliver(int opcode, byte[] payload) throws WebSocketProtocolException {
        if (closeSent) {
            return; // we are closing: late messages have no one to go to
        }
        if (opcode == FrameCodec.OP_TEXT) {
            String text = FrameCodec.decodeUtf8(payload);
            guard(() -> listener.onText(this, text));
        } else {
            guard(() -> listener.onBinary(this, payload));
        }
    }

    private void sendPong(byte[] payload) {
        sendLock.lock();
        try {
            if (!closeSent && !connection.isClosed()) {
                FrameCodec.write(connection.out(), FrameCodec.OP_PONG, payload);
                connection.out().flush();
            }
        } catch (IOException e) {
            connection.abort(); // the read loop then ends with 1006
        } finally {
            sendLock.unlock();
        }
    }

    private void peerClosed(byte[] payload) throws WebSocketProtocolException {
        int code;
        String reason;
        if (payload.length == 0) {
            code = FrameCodec.CLOSE_NO_STATUS;
            reason = "";
        } else if (payload.length == 1) {
            throw new WebSocketProtocolException(FrameCodec.CLOSE_PROTOCOL_ERROR, "close payload of one byte");
        } else {
            code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
            if (!FrameCodec.isSendableCloseCode(code)) {
                throw new WebSocketProtocolException(FrameCodec.CLOSE_PROTOCOL_ERROR, "invalid close code " + code);
            }
            reason = FrameCodec.decodeUtf8(Arrays.copyOfRange(payload, 2, payload.length));
        }
        peerCode = code;
        peerReason = reason;
        closeReceived = true;
        // Echo the peer's code (RFC 6455 section 5.5.1); an empty close is answered with an empty one.
        byte[] echo = code == FrameCodec.CLOSE_NO_STATUS ? new byte[0] : FrameCodec.closePayload(code, "");
        sendCloseFrame(code, "", echo);
    }

    private void notifyClosed() {
        if (!closeNotified.compareAndSet(false, true)) {
            return;
        }
        int code;
        String reason;
        if (closedLocallyFirst) {
            code = localCode;
            reason = localReason;
        } else if (closeReceived) {
            code = peerCode;
            reason = peerReason;
        } else {
            code = FrameCodec.CLOSE_ABNORMAL;
            reason = "";
        }
        guard(() -> listener.onClose(this, code, reason));
    }

    /** A listener bug must not kill the reader: log it and close with 1011 (internal error). */
    private void guard(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket listener failed on " + path, e);
            if (!closeNotified.get() && !closeSent && !closeReceived) {
                close(FrameCodec.CLOSE_INTERNAL_ERROR, "internal server error");
            }
        }
    }
}
