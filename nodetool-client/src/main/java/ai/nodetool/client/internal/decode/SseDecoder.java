package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.flow.Source;
import ai.nodetool.client.internal.json.DataUriStripper;
import ai.nodetool.client.internal.json.TreeReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes a {@code text/event-stream} body (the Gen A/B Worker API's {@code /run/stream},
 * protocol-notes §5.4) into {@link SseEvent}s, following the WHATWG event-stream parsing rules. Knows
 * nothing of HTTP: it reads any {@link InputStream}.
 *
 * <ul>
 *   <li>Lines end with CRLF, LF or a lone CR; a leading UTF-8 BOM is skipped; text is UTF-8
 *       (malformed sequences become U+FFFD).
 *   <li>{@code data:} lines accumulate, joined with {@code \n}; one space after the colon is
 *       dropped; a line without a colon is a field with an empty value.
 *   <li>A blank line dispatches the event; one whose data is empty (no {@code data} line, or one
 *       empty {@code data:} line) dispatches nothing.
 *   <li>{@code event:} sets the event's type, {@code id:} the last event id (persisting; ignored if
 *       it contains NUL), {@code retry:} the reconnection time (digits only, else ignored); other
 *       fields and comment lines ({@code :...}, used as keep-alives) are ignored. Every byte
 *       received counts as activity for the {@code onActivity} callback.
 *   <li>An event whose data is exactly {@code [DONE]} ends the stream: {@link #next()} returns
 *       {@code null} and {@link #doneReceived()} becomes true; nothing further is read.
 *   <li>At end of input, a pending event without its closing blank line is discarded (WHATWG);
 *       {@link #next()} returns {@code null} with {@link #doneReceived()} false, which a transport
 *       may treat as a truncated stream.
 *   <li>A line or an event's accumulated data longer than {@code maxEventBytes} (default
 *       {@value #DEFAULT_MAX_EVENT_BYTES}) fails with an "oversize" {@link NodeToolProtocolException};
 *       memory stays bounded by about twice that limit.
 *   <li>After the first failure the decoder keeps throwing that failure.
 * </ul>
 *
 * <p>Threading: {@link #next()} from one thread at a time; {@link #close()} from any thread.
 */
public final class SseDecoder implements Source<SseEvent> {

    /** Default largest accepted event (and line): 4 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

    /** The end-of-stream marker the Worker API sends as its last event's data. */
    public static final String DONE = "[DONE]";

    private static final int LINE_SLACK = 16;

    private static final byte[] FIELD_DATA = ascii("data");
    private static final byte[] FIELD_EVENT = ascii("event");
    private static final byte[] FIELD_ID = ascii("id");
    private static final byte[] FIELD_RETRY = ascii("retry");
    private static final byte[] FIELD_DATA_COLON = ascii("data:");

    private final LineReader lines;
    private final int maxEventBytes;
    private volatile boolean closed;
    private RuntimeException failure;
    private boolean finished;
    private boolean doneReceived;

    private static final byte[] DONE_BYTES = ascii(DONE);
    private static final SseEvent RAW_EVENT = new SseEvent("message", "", null, 0);

    /** A {@code data:} line longer than this is read in pieces as it arrives (large limits only). */
    private static final int SPILL_BYTES = 64 * 1024;

    private boolean rawMode;
    private JsonParser parser; // nextJson(): one parser over the whole stream
    private EventGate gate;
    private DataUriStripper stripper; // nextJson() with a limit above the default
    private int rawLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String eventType;
    private String lastEventId;
    private long retryMillis = -1;

    /**
     * A decoder with the default size limit and no activity callback.
     *
     * @param in the event-stream bytes; closed by {@link #close()}
     */
    public SseDecoder(InputStream in) {
        this(in, DEFAULT_MAX_EVENT_BYTES, null);
    }

    /**
     * @param in the event-stream bytes; closed by {@link #close()}
     * @param maxEventBytes the largest accepted line and event data, in bytes
     * @param onActivity called on the reading thread whenever bytes arrive, comments included
     *     (resets an idle timeout); may be {@code null}
     */
    public SseDecoder(InputStream in, int maxEventBytes, Runnable onActivity) {
        if (maxEventBytes < 1 || maxEventBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxEventBytes out of range: " + maxEventBytes);
        }
        // A line may carry a full event's data plus its field name ("data: ").
        this.lines =
                new LineReader(Objects.requireNonNull(in, "in"), maxEventBytes + LINE_SLACK, true, onActivity, "SSE");
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The checks both readers start with: a failure is thrown again, a closed decoder refuses.
     *
     * @return false when the stream has ended (the reader returns {@code null})
     */
    private boolean readable() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return false;
        }
        if (closed) {
            throw new IOException("SSE decoder is closed");
        }
        return true;
    }

    /**
     * Reads up to the next dispatched event.
     *
     * @return the event, or {@code null} at {@code [DONE]} or the end of input
     * @throws NodeToolProtocolException for an oversize line or event
     * @throws IOException if reading fails or the decoder was closed
     */
    @Override
    public SseEvent next() throws IOException {
        if (!readable()) {
            return null;
        }
        try {
            while (lines.nextLine()) {
                if (!lines.lineTerminated()) {
                    break; // the input ended inside a line: that event is incomplete, discard it
                }
                SseEvent event = processLine();
                if (event != null) {
                    if (DONE.equals(event.data())) {
                        doneReceived = true;
                        finished = true;
                        return null;
                    }
                    return event;
                }
            }
            finished = true;
            return null;
        } catch (NodeToolProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * As {@link #next()}, but returns each event's data parsed as one JSON value: what the Worker API
     * stream needs, whose events all carry JSON. One parser reads the whole stream (no parser, reader
     * context or {@code String} per event): an {@link EventGate} hands it the data of one event at a time,
     * each followed by an LF, and loads the next event only when the parser asks for more between values,
     * so the rules stay those of a parser per event (the data must be exactly one JSON value; empty data,
     * a second value or a value running on past its event fail, naming the event's line). {@link
     * #lineNumber()} then names the line that ended the event. Use either this or {@link #next()} on one
     * decoder, not both.
     *
     * @param factory makes the parser (e.g. the shared mapper's factory); only the first call's is used
     * @return the value, or {@code null} at {@code [DONE]} or the end of input
     * @throws NodeToolProtocolException for an oversize line or event, or data that is not one JSON value
     * @throws IOException if reading fails or the decoder was closed
     */
    public JsonNode nextJson(JsonFactory factory) throws IOException {
        if (!readable()) {
            return null;
        }
        try {
            rawMode = true;
            if (parser == null) {
                gate = new EventGate();
                if (maxEventBytes > DEFAULT_MAX_EVENT_BYTES) {
                    // Only such limits let an event carry large inline media (a legacy worker's data: URI,
                    // protocol-notes §5.4): read a long data line in pieces as it arrives, and decode a base64
                    // data URI in it as it is read (as NdjsonDecoder does), so that it is held once, as bytes.
                    lines.spillLongLines(SPILL_BYTES, FIELD_DATA_COLON);
                    stripper = new DataUriStripper(gate, true);
                }
                parser = NdjsonDecoder.factoryFor(factory, maxEventBytes)
                        .createParser(stripper != null ? stripper : gate);
            }
            JsonParser p = parser;
            JsonToken first = p.nextToken();
            if (first == null) {
                finish();
                return null;
            }
            gate.inValue = true;
            JsonNode node = stripper == null ? TreeReader.read(p, first) : TreeReader.read(p, first, stripper::string);
            gate.inValue = false;
            // Every data URI header the stripper took out lies before the value's end, and so does every byte of
            // an earlier event read in pieces that was skipped without going through the parser.
            long end = p.currentLocation().getByteOffset()
                    + (stripper == null ? 0 : stripper.removedBytes())
                    + gate.skipped;
            if (!gate.restIsBlank(end)) {
                throw malformed("more than one value", null);
            }
            return node;
        } catch (EventGate.Truncated e) {
            // The input ended inside an event read in pieces: discard it, as an incomplete event (WHATWG).
            finish();
            return null;
        } catch (NodeToolProtocolException e) {
            failure = e;
            throw e;
        } catch (EventGate.SpansEvents e) {
            failure = malformed("the JSON value does not end with its event", null);
            throw failure;
        } catch (JsonProcessingException e) {
            failure = malformed(e.getOriginalMessage(), e);
            throw failure;
        }
    }

    private NodeToolProtocolException malformed(String what, Exception cause) {
        long line = gate.eventLine;
        return new NodeToolProtocolException(
                "SSE event ending at line " + line + " has malformed JSON data: " + what, cause, line);
    }

    private void finish() {
        finished = true;
        try {
            parser.close(); // gives its buffers back; the gate does not close the input
        } catch (IOException ignored) {
            // nothing to release beyond the buffers
        }
    }

    /**
     * The input of {@link #nextJson}'s one parser: the data of one dispatched event at a time, then an LF
     * (so a number at the end of the data ends there). The next event is read from the lines only when the
     * parser asks for more outside a value; a value that asks for more past its event's LF runs on past its
     * event ({@link SpansEvents}). {@code [DONE]} or the end of input is the end of the parser's input. The
     * first read hands out four spaces, so that the parser's encoding detection needs no event.
     */
    private final class EventGate extends InputStream {
        /** The value being parsed runs on past its event. */
        static final class SpansEvents extends RuntimeException {
            private static final long serialVersionUID = 1L;

            SpansEvents() {
                super(null, null, false, false);
            }
        }

        /** The input ended inside an event read in pieces: the event is incomplete. */
        static final class Truncated extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Truncated() {
                super(null, null, false, false);
            }
        }

        boolean inValue;
        long eventLine;
        private long base; // absolute offset of data[0] of the current event
        private int length; // data bytes of the current event (in pieces: of data[] still to hand out)
        private int served = 1; // of length + 1 (its LF)
        private boolean preamble = true;
        private boolean ended;

        // An event read in pieces: data[served..length) first, then the piece [chunkPos, chunkEnd) of a long
        // data line in the line reader's buffer, then what the following lines bring, up to the event's LF.
        private boolean inPieces;
        private long offset; // absolute offset of the next byte handed out
        private long lastNonBlank; // absolute offset of the last non-whitespace byte handed out
        private long pieceBytes; // the event's data bytes so far, against maxEventBytes
        private int chunkPos;
        private int chunkEnd;
        private boolean lineOpen; // the long line has more pieces
        private boolean eventEnded; // its blank line was read; data[] then ends with the event's LF
        private boolean draining;
        long skipped; // bytes of events read in pieces that were skipped after their value, not parsed

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
            if (preamble) {
                preamble = false;
                int n = Math.min(len, 4);
                Arrays.fill(b, off, off + n, (byte) ' ');
                base = n - 1L; // as after an empty event and its LF: the first event starts at offset n
                return n;
            }
            if (inPieces) {
                int n = readPiece(b, off, len);
                if (n != 0) {
                    return n;
                }
            }
            if (served > length) {
                if (inValue) {
                    throw new SpansEvents();
                }
                if (ended || !nextEvent()) {
                    ended = true;
                    return -1;
                }
                if (inPieces) {
                    return read(b, off, len);
                }
            }
            if (served == length) {
                b[off] = '\n';
                served++;
                return 1;
            }
            int n = Math.min(len, length - served);
            System.arraycopy(data, served, b, off, n);
            served += n;
            if (n < len) {
                b[off + n++] = '\n';
                served++;
            }
            return n;
        }

        /**
         * Hands out the next bytes of an event read in pieces; 0 once it is over (then {@code served >
         * length}, as after an event held whole), -1 at its end while draining.
         */
        private int readPiece(byte[] b, int off, int len) throws IOException {
            for (; ; ) {
                if (served < length) {
                    int n = Math.min(len, length - served);
                    System.arraycopy(data, served, b, off, n);
                    served += n;
                    handedOut(b, off, n);
                    return n;
                }
                if (chunkPos < chunkEnd) {
                    int n = Math.min(len, chunkEnd - chunkPos);
                    System.arraycopy(lines.buffer(), chunkPos, b, off, n);
                    chunkPos += n;
                    handedOut(b, off, n);
                    return n;
                }
                if (eventEnded) {
                    if (draining) {
                        return -1;
                    }
                    inPieces = false;
                    base = offset - 1; // as after an empty event and its LF: nextEvent() starts at offset
                    length = 0;
                    served = 1;
                    return 0;
                }
                if (lineOpen) {
                    if (!lines.nextChunk()) {
                        throw new Truncated();
                    }
                    lineOpen = lines.linePartial();
                    if (!lineOpen && !lines.lineTerminated()) {
                        throw new Truncated();
                    }
                    piece(lines.lineStart(), lines.lineLength());
                    continue;
                }
                nextLineOfEvent();
            }
        }

        /** Reads the line after a data line of an event read in pieces. */
        private void nextLineOfEvent() throws IOException {
            if (!lines.nextLine() || !lines.lineTerminated()) {
                throw new Truncated();
            }
            byte[] buf = lines.buffer();
            int start = lines.lineStart();
            int n = lines.lineLength();
            length = 0;
            served = 0;
            if (n == 0) {
                data[length++] = '\n'; // the event's LF
                eventEnded = true;
                eventLine = lines.lineNumber();
                return;
            }
            if (buf[start] == ':') {
                return; // comment
            }
            int colon = start;
            while (colon < start + n && buf[colon] != ':') {
                colon++;
            }
            if (!fieldIs(FIELD_DATA, buf, start, colon - start)) {
                processLine(); // event, id, retry or an ignored field
                return;
            }
            int valueStart = colon < start + n ? colon + 1 : start + n;
            if (valueStart < start + n && buf[valueStart] == ' ') {
                valueStart++;
            }
            data[length++] = '\n'; // joins data lines
            count(1);
            lineOpen = lines.linePartial();
            piece(valueStart, start + n - valueStart);
        }

        /** Starts handing out {@code n} bytes of the reader's buffer from {@code from}. */
        private void piece(int from, int n) {
            count(n);
            chunkPos = from;
            chunkEnd = from + n;
        }

        private void count(int n) {
            pieceBytes += n;
            if (pieceBytes > maxEventBytes) {
                long line = lines.lineNumber();
                throw new NodeToolProtocolException(
                        "SSE event at line " + line + " is oversize: its data exceeds " + maxEventBytes + " bytes",
                        null,
                        line);
            }
        }

        private void handedOut(byte[] b, int off, int n) {
            for (int i = off + n - 1; i >= off; i--) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    lastNonBlank = offset + (i - off);
                    break;
                }
            }
            offset += n;
        }

        /**
         * Reads lines up to the next event with data; false at {@code [DONE]} or the end of input. An event
         * whose data line is long is read in pieces ({@link #inPieces}).
         */
        private boolean nextEvent() throws IOException {
            base += length + 1;
            length = 0;
            served = 0;
            if (data.length > 64 * 1024) {
                data = new byte[256]; // do not keep one huge event's buffer for the rest of the stream
            }
            while (lines.nextLine()) {
                if (!lines.lineTerminated() && !lines.linePartial()) {
                    break; // the input ended inside a line: that event is incomplete, discard it
                }
                if (lines.linePartial()) {
                    startPieces();
                    return true;
                }
                if (processLine() != null) {
                    int n = rawLength;
                    eventLine = lines.lineNumber();
                    if (n == DONE_BYTES.length && Arrays.equals(data, 0, n, DONE_BYTES, 0, n)) {
                        doneReceived = true;
                        return false;
                    }
                    if (!blank(0, n)) {
                        length = n;
                        return true;
                    }
                    throw new NodeToolProtocolException(
                            "SSE event ending at line " + eventLine + " has empty data", null, eventLine);
                }
            }
            return false;
        }

        /** The current line is the first piece of a long data line: the event is read in pieces from here. */
        private void startPieces() {
            inPieces = true;
            eventEnded = false;
            lineOpen = true;
            offset = base;
            lastNonBlank = base - 1;
            // The data of the event's earlier data lines (held whole), then an LF joining them to this one.
            length = dataLength;
            served = 0;
            if (hasData) {
                if (length == data.length) {
                    data = Arrays.copyOf(data, length + 1);
                }
                data[length++] = '\n';
            }
            dataLength = 0;
            hasData = false;
            pieceBytes = 0;
            count(length);
            eventLine = lines.lineNumber();
            int start = lines.lineStart();
            int valueStart = start + FIELD_DATA_COLON.length;
            if (lines.buffer()[valueStart] == ' ') {
                valueStart++;
            }
            piece(valueStart, start + lines.lineLength() - valueStart);
        }

        /**
         * Whether only JSON whitespace follows the absolute offset {@code end} in the current event. For an event
         * read in pieces, this reads the rest of it (through its blank line).
         */
        boolean restIsBlank(long end) throws IOException {
            if (inPieces) {
                draining = true;
                try {
                    byte[] skip = new byte[8 * 1024];
                    for (int n; (n = readPiece(skip, 0, skip.length)) > 0; ) {
                        skipped += n; // handedOut() keeps lastNonBlank
                    }
                } finally {
                    draining = false;
                }
                return lastNonBlank < end;
            }
            return blank((int) Math.max(0, Math.min(length, end - base)), length);
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                byte c = data[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            // The decoder closes the input (close()); the parser's auto-close must not.
        }
    }

    /** Applies one line; returns the event it dispatches, or null. */
    private SseEvent processLine() {
        byte[] buf = lines.buffer();
        int start = lines.lineStart();
        int length = lines.lineLength();
        if (lines.lineNumber() == 1
                && length >= 3
                && (buf[start] & 0xFF) == 0xEF
                && (buf[start + 1] & 0xFF) == 0xBB
                && (buf[start + 2] & 0xFF) == 0xBF) {
            start += 3;
            length -= 3;
        }
        if (length == 0) {
            return dispatch();
        }
        if (buf[start] == ':') {
            return null; // comment (keep-alive)
        }
        int end = start + length;
        int colon = start;
        while (colon < end && buf[colon] != ':') {
            colon++;
        }
        int fieldLength = colon - start;
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && buf[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = end - valueStart;
        if (fieldIs(FIELD_DATA, buf, start, fieldLength)) {
            appendData(buf, valueStart, valueLength);
        } else if (fieldIs(FIELD_EVENT, buf, start, fieldLength)) {
            eventType = new String(buf, valueStart, valueLength, StandardCharsets.UTF_8);
        } else if (fieldIs(FIELD_ID, buf, start, fieldLength)) {
            if (indexOf(buf, valueStart, end, (byte) 0) < 0) {
                lastEventId = new String(buf, valueStart, valueLength, StandardCharsets.UTF_8);
            }
        } else if (fieldIs(FIELD_RETRY, buf, start, fieldLength)) {
            applyRetry(buf, valueStart, end);
        }
        // Any other field is ignored, as the WHATWG rules require.
        return null;
    }

    private void appendData(byte[] buf, int from, int length) {
        int needed = dataLength + (hasData ? 1 : 0) + length;
        if (needed > maxEventBytes) {
            long line = lines.lineNumber();
            throw new NodeToolProtocolException(
                    "SSE event at line " + line + " is oversize: its data exceeds " + maxEventBytes + " bytes",
                    null,
                    line);
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, (int) Math.min(Math.max((long) data.length * 2, needed), maxEventBytes));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(buf, from, data, dataLength, length);
        dataLength += length;
        hasData = true;
    }

    private SseEvent dispatch() {
        if (!hasData || dataLength == 0) {
            // WHATWG: an event whose data buffer is empty is not dispatched, whether it had no
            // data line or only empty ones ("data:" or "data" alone).
            eventType = null;
            hasData = false;
            dataLength = 0;
            return null;
        }
        if (rawMode) {
            // nextJson(): the data stays in its buffer, parsed there by the caller
            rawLength = dataLength;
            eventType = null;
            dataLength = 0;
            hasData = false;
            return RAW_EVENT;
        }
        String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
        SseEvent event = new SseEvent(
                type, new String(data, 0, dataLength, StandardCharsets.UTF_8), lastEventId, lines.lineNumber());
        eventType = null;
        dataLength = 0;
        hasData = false;
        if (data.length > 64 * 1024) {
            data = new byte[256]; // do not keep one huge event's buffer for the rest of the stream
        }
        return event;
    }

    private void applyRetry(byte[] buf, int from, int end) {
        if (from == end || end - from > 18) {
            return;
        }
        long value = 0;
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                return;
            }
            value = value * 10 + (b - '0');
        }
        retryMillis = value;
    }

    private static boolean fieldIs(byte[] name, byte[] buf, int start, int length) {
        return length == name.length && Arrays.equals(name, 0, name.length, buf, start, start + length);
    }

    private static int indexOf(byte[] buf, int from, int end, byte value) {
        for (int i = from; i < end; i++) {
            if (buf[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @return true once the stream ended with a {@code [DONE]} event (false for a bare end of input)
     */
    public boolean doneReceived() {
        return doneReceived;
    }

    /**
     * @return the last {@code id:} value seen, or {@code null}
     */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * @return the last valid {@code retry:} value in milliseconds, or {@code -1} if none was sent
     */
    public long retryMillis() {
        return retryMillis;
    }

    /**
     * @return the 1-based number of the line last read, 0 before the first
     */
    public long lineNumber() {
        return lines.lineNumber();
    }

    /** Closes the input stream. Idempotent; callable from any thread. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            lines.close();
        }
    }
}
