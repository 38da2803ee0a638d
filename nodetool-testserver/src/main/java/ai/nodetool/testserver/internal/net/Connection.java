package ai.nodetool.testserver.internal.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One accepted TCP connection. Its thread reads requests in a keep-alive loop and calls the handler
 * for each; after a WebSocket upgrade the same thread becomes the frame reader. {@link #close()} and
 * {@link #abort()} may be called from any thread and unblock the connection thread.
 */
final class Connection implements Runnable {
    private static final System.Logger LOG = System.getLogger(PortServer.class.getName());
    private static final int IO_BUFFER = 16 * 1024;
    private static final int LINGER_MILLIS = 1000;
    private static final long LINGER_MAX_BYTES = 1 << 20;

    private final PortServer server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();

    Connection(PortServer server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        // Streamed lines and WebSocket frames are flushed one by one; Nagle would delay them.
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), IO_BUFFER);
        this.out = new BufferedOutputStream(socket.getOutputStream(), IO_BUFFER);
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (IOException e) {
            // The peer went away or the server is closing: nothing left to answer.
            LOG.log(System.Logger.Level.DEBUG, "connection ended: {0}", e.toString());
        } finally {
            close();
            server.connectionEnded(this);
        }
    }

    private void serve() throws IOException {
        RequestReader reader = new RequestReader(in, server.maxRequestBodyBytes());
        while (!isClosed()) {
            Exchange exchange;
            RequestBody body = null;
            long reserved = 0;
            try {
                // Idle keep-alive: wait for the first byte of the next request, then close quietly.
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, server.idleTimeoutMillis()));
                try {
                    in.mark(1);
                    if (in.read() < 0) {
                        return; // peer done
                    }
                    in.reset();
                } catch (SocketTimeoutException idle) {
                    return;
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, server.headTimeoutMillis()));
                RequestHead head;
                try {
                    head = reader.readHead(server.headTimeoutMillis());
                } catch (SocketTimeoutException stalled) {
                    throw new HttpProtocolException(408, "request head not complete in time");
                }
                if (head == null || isClosed()) {
                    return; // peer done, or the server closed this connection while it was reading
                }
                long limit = server.maxBodyBytesFor(head);
                reader.maxBodyBytes(limit);
                RequestReader.BodyFraming framing = reader.framing(head);
                if (framing.hasBody()) {
                    // Room in the server-wide budget first: concurrent large bodies fail one request
                    // each (503), never the heap. A body is held in memory only up to the spool
                    // threshold (beyond it, it goes to a temporary file), so that is what it reserves.
                    long want = Math.min(RequestBody.MEMORY_LIMIT, framing.chunked() ? limit : framing.contentLength());
                    if (!server.reserveBody(want)) {
                        throw new HttpProtocolException(
                                503, "too many large request bodies at once; try again (Retry-After: 1)");
                    }
                    reserved = want;
                }
                if (framing.hasBody() && head.headerHasToken("expect", "100-continue")) {
                    RequestReader.writeContinue(out);
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, server.bodyTimeoutMillis()));
                try {
                    body = reader.readSpooledBody(framing);
                } catch (SocketTimeoutException stalled) {
                    throw new HttpProtocolException(408, "request body stalled");
                }
                // The handler may stream for long or become a WebSocket: no read timeout from here.
                socket.setSoTimeout(0);
                exchange = new Exchange(this, head, body);
            } catch (HttpProtocolException e) {
                if (body != null) {
                    body.close();
                }
                server.releaseBody(reserved);
                rejectAndClose(e);
                return;
            } catch (IOException e) {
                if (body != null) {
                    body.close();
                }
                server.releaseBody(reserved);
                throw e;
            }
            try {
                if (!exchange.dispatch(server.handler())) {
                    return;
                }
            } finally {
                body.close();
                server.releaseBody(reserved);
            }
        }
    }

    /** Answers a request the parser refused; the unread rest of the stream is abandoned. */
    private void rejectAndClose(HttpProtocolException e) throws IOException {
        byte[] body = Exchange.detailJson(e.getMessage());
        writeHead(e.status(), Map.of("Content-Type", "application/json"), body.length, false, false);
        out.write(body);
        out.flush();
        lingeringClose();
    }

    /**
     * Closes after a refusal or a {@linkplain RequestExchange#cut() cut} without losing the answer
     * (connection thread only): closing a socket with unread input makes
     * the kernel send a reset, which can destroy the response before the client has read it. So
     * send FIN first and discard what the client still sends, for a bounded time and amount.
     */
    void lingeringClose() {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(LINGER_MILLIS);
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            byte[] sink = new byte[IO_BUFFER];
            long drained = 0;
            int n;
            while (drained < LINGER_MAX_BYTES && System.nanoTime() < deadline && (n = in.read(sink)) >= 0) {
                drained += n;
            }
        } catch (IOException e) {
            // Timeout or reset while draining: the answer had its chance.
        } finally {
            close();
        }
    }

    /**
     * Writes a status line and headers (not flushed). Framing and connection headers from
     * {@code headers} are ignored: the transport decides those.
     *
     * @param contentLength the Content-Length to declare, or -1 for none
     * @param chunked       whether to declare chunked transfer encoding
     */
    void writeHead(int status, Map<String, String> headers, long contentLength, boolean chunked, boolean keepAlive)
            throws IOException {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(HttpStatus.reason(status))
                .append("\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("transfer-encoding")
                    || (name.equalsIgnoreCase("connection") && status != 101)) {
                continue;
            }
            appendHeader(head, name, header.getValue());
        }
        if (contentLength >= 0) {
            appendHeader(head, "Content-Length", Long.toString(contentLength));
        }
        if (chunked) {
            appendHeader(head, "Transfer-Encoding", "chunked");
        }
        if (!keepAlive && status != 101) {
            appendHeader(head, "Connection", "close");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void appendHeader(StringBuilder head, String name, String value) {
        if (name == null || value == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name and value must be non-null, name non-empty");
        }
        // Refusing CR/LF here keeps a handler bug from splitting the response.
        if (containsLineBreak(name) || containsLineBreak(value) || name.indexOf(':') >= 0) {
            throw new IllegalArgumentException("illegal character in header " + name);
        }
        head.append(name).append(": ").append(value).append("\r\n");
    }

    private static boolean containsLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    PortServer server() {
        return server;
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket normally (pending output is sent, then FIN). Idempotent, any thread. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            closeSocket();
        }
    }

    /**
     * Drops the connection with a TCP reset (SO_LINGER 0), so the peer sees an error at once even
     * mid-response instead of a clean end of stream. Idempotent, any thread.
     */
    void abort() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // Socket already broken: closing it is all that is left.
            }
            closeSocket();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing socket failed: {0}", e.toString());
        }
    }
}
