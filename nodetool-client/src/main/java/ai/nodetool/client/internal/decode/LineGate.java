package ai.nodetool.client.internal.decode;

import java.io.IOException;
import java.io.InputStream;

/**
 * The input of the one JSON parser an {@link NdjsonDecoder} keeps over a whole body. It hands the parser
 * whole reads, and keeps the line rules of NDJSON (protocol-notes §5.3) without a parser per line:
 * <ul>
 *   <li><b>bounded lines</b>: a line longer than {@code maxLineBytes} (its CR of a CRLF not counted) fails
 *       with {@link Oversize} once {@code maxLineBytes + 2} of its bytes have been read, before more are asked
 *       of the socket, and never before the lines ahead of it have been handed out;
 *   <li><b>one value per line</b>: while the decoder is inside a value ({@link #enterValue(long)}), a read
 *       after an LF that followed the value's start fails with {@link SpansLines}, so a value that runs on
 *       past its line costs at most one buffer; {@link #restOfLineIsBlank(long)} checks what follows a value
 *       on its own line;
 *   <li><b>no read-ahead</b>: one read of the underlying stream per refill, never more than it offers.
 * </ul>
 * Finding the LFs is cheap: where the buffer is no longer than a line may be, only the first and the last
 * LF of each read are looked for (a line between them is shorter than the buffer).
 *
 * <p>Every read that returns bytes counts as activity ({@code onBytes}). Not thread-safe, except
 * {@link #close()}.
 */
final class LineGate extends InputStream {

    /** A line is over the limit; the decoder names it from the parser's line count. */
    static final class Oversize extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Oversize() {
            super(null, null, false, false);
        }
    }

    /** The value being decoded runs on past the end of its line. */
    static final class SpansLines extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SpansLines() {
            super(null, null, false, false);
        }
    }

    private static final int BUFFER = 8 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final Runnable onBytes;

    private byte[] buf;
    private long base; // absolute offset of buf[0]
    private int pos; // next byte to hand out
    private int limit; // end of the bytes read
    private boolean eof;
    private boolean pendingOversize;

    private long lastLf = -1; // absolute offset of the last LF handed out
    private boolean inValue;
    private long valueStart;

    LineGate(InputStream in, int maxLineBytes, Runnable onBytes) {
        if (maxLineBytes < 1 || maxLineBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxLineBytes out of range: " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.onBytes = onBytes;
        this.buf = new byte[(int) Math.min(BUFFER, maxLineBytes + 2L)];
    }

    /** The decoder starts a value at absolute offset {@code start}. */
    void enterValue(long start) {
        inValue = true;
        valueStart = start;
    }

    /** The decoder finished (or gave up on) a value. */
    void leaveValue() {
        inValue = false;
    }

    /** @return true between {@link #enterValue(long)} and {@link #leaveValue()} */
    boolean insideValue() {
        return inValue;
    }

    /** @return true once the underlying stream ended and everything was handed out */
    boolean atEof() {
        return eof && pos == limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pendingOversize) {
            throw new Oversize();
        }
        if (inValue && lastLf >= valueStart) {
            throw new SpansLines();
        }
        while (pos == limit) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(limit - pos, len);
        n = checkLines(n);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Checks the line lengths in the next {@code n} bytes to hand out.
     *
     * @return how many of them to hand out: fewer when a line among them is oversize, which then fails the
     *     next read, once the parser has used the lines before it
     */
    private int checkLines(int n) {
        long start = base + pos;
        if (n <= maxLineBytes) {
            // Only the first LF (ending a line that started before) and the last one matter: any line
            // between them is shorter than n.
            int first = -1;
            for (int i = pos, end = pos + n; i < end; i++) {
                if (buf[i] == '\n') {
                    first = i;
                    break;
                }
            }
            if (first < 0) {
                if (base + pos + n - lastLf - 1 > maxLineBytes + 1L) {
                    throw new Oversize();
                }
                return n;
            }
            if (lineTooLong(first)) {
                throw new Oversize();
            }
            int last = pos + n - 1;
            while (buf[last] != '\n') {
                last--;
            }
            lastLf = base + last;
            return n;
        }
        for (int i = pos, end = pos + n; i < end; i++) {
            if (buf[i] == '\n') {
                if (lineTooLong(i)) {
                    if (lastLf < start) {
                        throw new Oversize();
                    }
                    pendingOversize = true;
                    return (int) (lastLf + 1 - start);
                }
                lastLf = base + i;
            } else if (base + i - lastLf > maxLineBytes + 1L) {
                if (lastLf < start) {
                    throw new Oversize();
                }
                pendingOversize = true;
                return (int) (lastLf + 1 - start);
            }
        }
        return n;
    }

    /** Whether the line ending with the LF at buf[lf] is over the limit (a CR before the LF not counted). */
    private boolean lineTooLong(int lf) {
        long content = base + lf - lastLf - 1;
        if (content > 0 && lf > 0 && buf[lf - 1] == '\r') {
            content--;
        }
        return content > maxLineBytes;
    }

    /** Reads once from the underlying stream into an empty buffer, never more than the line limit allows. */
    private void fill() throws IOException {
        base += limit;
        pos = 0;
        limit = 0;
        long run = base - lastLf - 1; // bytes of the current line already handed out
        int room = (int) Math.max(1, Math.min(buf.length, maxLineBytes + 2L - run));
        int n = in.read(buf, 0, room);
        if (n < 0) {
            eof = true;
        } else if (n > 0) {
            limit = n;
            if (onBytes != null) {
                onBytes.run();
            }
        }
    }

    /**
     * Whether only whitespace follows {@code offset} up to the end of its line (or of the input). May read
     * the rest of that line from the underlying stream, never past its LF.
     *
     * @param offset the absolute offset just after a value, within the bytes last handed out
     * @return false when something other than whitespace follows on the same line
     * @throws Oversize when that line turns out longer than the limit
     */
    boolean restOfLineIsBlank(long offset) throws IOException {
        int i = (int) (offset - base);
        if (i < 0 || i > limit) {
            return true; // cannot happen: the value's last byte was handed out from this buffer
        }
        for (; ; ) {
            for (; i < limit; i++) {
                byte c = buf[i];
                if (c == '\n') {
                    if (i >= pos && lineTooLong(i)) {
                        throw new Oversize();
                    }
                    return true;
                }
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            if (eof || limit - pos > maxLineBytes + 2) {
                return true; // the end of input, or so much whitespace that handing it out will fail
            }
            if (limit == buf.length) {
                // Keep what was not handed out; what was is consumed by the parser.
                int keep = limit - pos;
                System.arraycopy(buf, pos, buf, 0, keep);
                base += pos;
                i -= pos;
                pos = 0;
                limit = keep;
                if (limit == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else if (n > 0) {
                limit += n;
                if (onBytes != null) {
                    onBytes.run();
                }
            }
        }
    }

    /**
     * After a parse error: whether the line being read is also oversize, which the decoder reports first (a
     * line is judged by its length before its content). Reads on to the line's LF, at most to the limit,
     * discarding what it reads.
     *
     * @param errorOffset the absolute offset of the parse error, or -1 when unknown
     * @return true when the current line is longer than the limit
     */
    boolean currentLineIsOversize(long errorOffset) {
        if (errorOffset >= 0 && errorOffset <= lastLf) {
            return false; // the error is on a line that ended within the limit
        }
        try {
            long count = base + pos - lastLf - 1;
            for (; ; ) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        return false;
                    }
                    if (++count > maxLineBytes + 1L) {
                        return true;
                    }
                }
                if (eof) {
                    return false;
                }
                base += limit;
                pos = 0;
                limit = 0;
                int n = in.read(buf, 0, (int) Math.max(1, Math.min(buf.length, maxLineBytes + 2L - count)));
                if (n < 0) {
                    eof = true;
                } else {
                    limit = n;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
