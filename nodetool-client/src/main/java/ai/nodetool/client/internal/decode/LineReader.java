package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines inside one reusable, bounded buffer: a line is exposed as a byte
 * range of {@link #buffer()} until the next call, and never more than {@code maxLineBytes} (plus a
 * terminator) are held, however long the stream or the offending line. Lines are not decoded to
 * Strings here: splitting on the bytes CR/LF is safe for UTF-8, which never uses them inside a
 * multi-byte sequence.
 *
 * <p>Two terminator conventions: NDJSON ends lines with LF, tolerating CRLF (protocol-notes §5.3);
 * SSE accepts CRLF, LF and a lone CR (WHATWG event-stream rules, protocol-notes §5.4). A CR that ends
 * a read is handled without waiting for the next byte (the following LF, if any, is skipped
 * later), so a live SSE stream is never stalled on a lookahead.
 *
 * <p>Not thread-safe; used by one decoder on one reading thread.
 */
final class LineReader {

    private static final int INITIAL_BUFFER = 8 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final boolean crIsTerminator;
    private final Runnable onBytes;
    private final String format;

    private byte[] buf;
    private int pos; // first unconsumed byte
    private int limit; // end of valid data
    private int scan; // where the terminator search resumes
    private boolean skipLeadingLf;
    private boolean eof;

    private long lineNumber;
    private int lineStart;
    private int lineLength;
    private boolean lineTerminated;

    private int spillAt; // 0: a line is always held whole
    private byte[] spillPrefix;
    private boolean partial; // the current line is a piece of a longer line, more pieces follow

    /**
     * @param in the stream to read
     * @param maxLineBytes the longest accepted line, excluding its terminator
     * @param crIsTerminator true for SSE line endings (CR, LF, CRLF), false for NDJSON (LF, CRLF)
     * @param onBytes called after every read that returned bytes (activity for idle timeouts)
     * @param format "NDJSON" or "SSE", for messages
     */
    LineReader(InputStream in, int maxLineBytes, boolean crIsTerminator, Runnable onBytes, String format) {
        if (maxLineBytes < 1 || maxLineBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxLineBytes out of range: " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.crIsTerminator = crIsTerminator;
        this.onBytes = onBytes;
        this.format = format;
        this.buf = new byte[Math.min(INITIAL_BUFFER, maxLineBytes + 2)];
    }

    /**
     * From now on, a line that starts with {@code prefix} and is still unterminated once {@code at} of its
     * bytes are buffered is handed out in pieces instead of being held whole: {@link #nextLine()} returns its
     * first piece with {@link #linePartial()} true, and {@link #nextChunk()} the following ones (an SSE
     * {@code data:} line carrying a large output). Such a line is not bounded by {@code maxLineBytes}: its
     * reader counts the pieces.
     *
     * @param at the bytes of a line held before it is handed out in pieces, at least 64
     * @param prefix the start of the lines that may be split
     */
    void spillLongLines(int at, byte[] prefix) {
        this.spillAt = Math.max(64, Math.min(at, maxLineBytes));
        this.spillPrefix = prefix.clone();
    }

    /**
     * @return true when the current line is a piece of a longer line whose next pieces {@link #nextChunk()}
     *     returns
     */
    boolean linePartial() {
        return partial;
    }

    /**
     * The next piece of the current partial line: all its bytes buffered, up to its terminator. {@link
     * #linePartial()} is false once the piece ends with the terminator ({@link #lineTerminated()} true).
     *
     * @return false when the input ended inside the line (then {@link #linePartial()} is false too)
     * @throws IOException if reading fails
     */
    boolean nextChunk() throws IOException {
        for (; ; ) {
            for (int i = pos; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n' || (b == '\r' && crIsTerminator)) {
                    partial = false;
                    takeTerminated(i, i - pos, b);
                    return true;
                }
            }
            if (pos < limit) {
                takeBuffered();
                return true;
            }
            if (eof) {
                partial = false;
                lineLength = 0;
                lineTerminated = false;
                return false;
            }
            fill();
        }
    }

    private boolean spills() {
        if (spillAt == 0 || limit - pos < spillAt) {
            return false;
        }
        for (int i = 0; i < spillPrefix.length; i++) {
            if (buf[pos + i] != spillPrefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of input (no more lines)
     * @throws NodeToolProtocolException if a line is longer than the maximum, detected before more
     *     than {@code maxLineBytes + 2} bytes of it are buffered
     * @throws IOException if reading fails
     */
    boolean nextLine() throws IOException {
        partial = false;
        for (; ; ) {
            if (skipLeadingLf && pos < limit) {
                skipLeadingLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    if (scan < pos) {
                        scan = pos;
                    }
                }
            }
            for (int i = scan; i < limit; i++) {
                byte b = buf[i];
                if (b == '\n' || (b == '\r' && crIsTerminator)) {
                    int length = i - pos;
                    if (b == '\n' && !crIsTerminator && length > 0 && buf[i - 1] == '\r') {
                        length--; // NDJSON with CRLF
                    }
                    lineNumber++;
                    if (length > maxLineBytes) {
                        throw oversize();
                    }
                    takeTerminated(i, length, b);
                    return true;
                }
            }
            scan = limit;
            if (spills()) {
                lineNumber++;
                takeBuffered();
                partial = true;
                return true;
            }
            // One byte of slack: an NDJSON line may be followed by a CR we have not yet seen the LF of.
            if (limit - pos > maxLineBytes + 1) {
                lineNumber++;
                throw oversize();
            }
            if (eof) {
                if (pos < limit) {
                    lineNumber++;
                    takeBuffered();
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    /** The line is {@code length} bytes from {@code pos}, ended by the terminator {@code b} at {@code end}. */
    private void takeTerminated(int end, int length, byte b) {
        lineStart = pos;
        lineLength = length;
        lineTerminated = true;
        pos = end + 1;
        scan = pos;
        skipLeadingLf = b == '\r';
    }

    /** The line, or the piece of one, is every byte buffered from {@code pos}, without a terminator yet. */
    private void takeBuffered() {
        lineStart = pos;
        lineLength = limit - pos;
        lineTerminated = false;
        pos = limit;
        scan = limit;
    }

    private void fill() throws IOException {
        if (limit == buf.length) {
            if (pos > 0) {
                int remaining = limit - pos;
                System.arraycopy(buf, pos, buf, 0, remaining);
                scan -= pos;
                limit = remaining;
                pos = 0;
            }
            if (limit == buf.length) {
                int cap = maxLineBytes + 2;
                int grown = (int) Math.min((long) buf.length * 2, cap);
                byte[] bigger = new byte[grown];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
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

    private NodeToolProtocolException oversize() {
        return new NodeToolProtocolException(
                format + " line " + lineNumber + " is oversize: longer than " + maxLineBytes + " bytes",
                null,
                lineNumber);
    }

    /** The buffer holding the current line; valid until the next {@link #nextLine()}. */
    byte[] buffer() {
        return buf;
    }

    /** Offset of the current line in {@link #buffer()}. */
    int lineStart() {
        return lineStart;
    }

    /** Length in bytes of the current line, without its terminator. */
    int lineLength() {
        return lineLength;
    }

    /** The 1-based number of the current line (blank lines count). */
    long lineNumber() {
        return lineNumber;
    }

    /** False if the current line ended at the end of input rather than with a terminator. */
    boolean lineTerminated() {
        return lineTerminated;
    }

    void close() throws IOException {
        in.close();
    }
}
