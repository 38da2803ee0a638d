package ai.nodetool.testserver.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The body of a streamed response, written with chunked transfer encoding (RFC 9112 section 7.1).
 *
 * <p>Writes collect in a 64 KiB buffer; a chunk goes to the socket only on {@link #flush()} or when
 * the buffer is full, so a long stream of small lines costs few system calls. {@link #close()} ends the
 * response with the terminating zero-size chunk, after which the connection may serve the next
 * request. Methods are synchronized so that a handler may hand the stream to another thread; a write
 * after close, or to a connection that was dropped, throws {@link IOException}.
 */
final class ChunkedOutputStream extends OutputStream {
    static final int BUFFER_SIZE = 64 * 1024;
    /** Room in front of the data for the size line: up to 8 hex digits plus CRLF. */
    private static final int HEADER_ROOM = 10;

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final OutputStream socketOut;
    private final boolean chunked;
    /** HEADER_ROOM bytes of size line, then the data, then room for the trailing CRLF. */
    private final byte[] buf = new byte[HEADER_ROOM + BUFFER_SIZE + 2];

    private int count;
    private boolean closed;

    /**
     * @param socketOut the connection's output; flushed after every chunk
     * @param chunked   false only for HTTP/1.0 clients: data is then written as is and the end of
     *                  the body is the end of the connection
     */
    ChunkedOutputStream(OutputStream socketOut, boolean chunked) {
        this.socketOut = socketOut;
        this.chunked = chunked;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        ensureOpen();
        if (count == BUFFER_SIZE) {
            emitBuffered(false);
        }
        buf[HEADER_ROOM + count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] data, int off, int len) throws IOException {
        ensureOpen();
        Objects.checkFromIndexSize(off, len, data.length);
        if (len == 0) {
            return;
        }
        if (len <= BUFFER_SIZE - count) {
            System.arraycopy(data, off, buf, HEADER_ROOM + count, len);
            count += len;
            return;
        }
        emitBuffered(false);
        if (len >= BUFFER_SIZE) {
            // Big writes go out as one chunk without being copied.
            if (chunked) {
                socketOut.write(sizeLine(len));
            }
            socketOut.write(data, off, len);
            if (chunked) {
                socketOut.write('\r');
                socketOut.write('\n');
            }
        } else {
            System.arraycopy(data, off, buf, HEADER_ROOM + count, len);
            count = len;
        }
    }

    /** Sends what was written so far as one chunk and pushes it to the peer. */
    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        emitBuffered(true);
    }

    /** Ends the response (remaining data, then the zero-size chunk). Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        emitBuffered(false);
        if (chunked) {
            socketOut.write(LAST_CHUNK);
        }
        socketOut.flush();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Marks the stream unusable without writing anything (the connection is being dropped). */
    synchronized void invalidate() {
        closed = true;
    }

    private void emitBuffered(boolean flushSocket) throws IOException {
        if (count > 0 && !chunked) {
            socketOut.write(buf, HEADER_ROOM, count);
            count = 0;
        } else if (count > 0) {
            int start = HEADER_ROOM;
            buf[--start] = '\n';
            buf[--start] = '\r';
            for (int n = count; n != 0; n >>>= 4) {
                buf[--start] = HEX[n & 0xF];
            }
            buf[HEADER_ROOM + count] = '\r';
            buf[HEADER_ROOM + count + 1] = '\n';
            socketOut.write(buf, start, HEADER_ROOM + count + 2 - start);
            count = 0;
        }
        if (flushSocket) {
            socketOut.flush();
        }
    }

    private static byte[] sizeLine(int len) {
        return (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("response stream is closed");
        }
    }
}
