package ai.nodetool.client.internal.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves fixed bytes at most {@code chunk} bytes per read, like a network stream delivering
 * packets; counts the bytes handed out; optionally fails (instead of blocking) if read past the
 * end, to prove a decoder does not read ahead.
 */
final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final int chunk;
    private final boolean failPastEnd;
    private int pos;
    private boolean closed;

    ChunkedInputStream(byte[] data, int chunk, boolean failPastEnd) {
        this.data = data;
        this.chunk = chunk;
        this.failPastEnd = failPastEnd;
    }

    static ChunkedInputStream of(String text, int chunk) {
        return new ChunkedInputStream(text.getBytes(StandardCharsets.UTF_8), chunk, false);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (pos >= data.length) {
            if (failPastEnd) {
                throw new AssertionError("decoder read past the available data (a live stream would block here)");
            }
            return -1;
        }
        int n = Math.min(Math.min(len, chunk), data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
    }

    int consumed() {
        return pos;
    }

    boolean isClosed() {
        return closed;
    }
}
