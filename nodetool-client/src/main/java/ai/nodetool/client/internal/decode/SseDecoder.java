package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.flow.Source;
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

    private final LineReader lines;
    private final int maxEventBytes;
    private volatile boolean closed;
    private RuntimeException failure;
    private boolean finished;
    private boolean doneReceived;

    private static final byte[] DONE_BYTES = ascii(DONE);
    private static final SseEvent RAW_EVENT = new SseEvent("message", "", null, 0);

    private boolean rawMode;
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
     * Reads up to the next dispatched event.
     *
     * @return the event, or {@code null} at {@code [DONE]} or the end of input
     * @throws NodeToolProtocolException for an oversize line or event
     * @throws IOException if reading fails or the decoder was closed
     */
    @Override
    public SseEvent next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return null;
        }
        if (closed) {
            throw new IOException("SSE decoder is closed");
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
     * As {@link #next()}, but returns each event's data parsed as one JSON value, straight from the
     * decoder's data buffer (no {@code String} of the data, no {@code ObjectReader} per event): what the
     * Worker API stream needs, whose events all carry JSON. {@link #lineNumber()} then names the line
     * that ended the event.
     *
     * @param factory makes the parser (e.g. the shared mapper's factory)
     * @return the value, or {@code null} at {@code [DONE]} or the end of input
     * @throws NodeToolProtocolException for an oversize line or event, or data that is not one JSON value
     * @throws IOException if reading fails or the decoder was closed
     */
    public JsonNode nextJson(JsonFactory factory) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            return null;
        }
        if (closed) {
            throw new IOException("SSE decoder is closed");
        }
        try {
            rawMode = true;
            while (lines.nextLine()) {
                if (!lines.lineTerminated()) {
                    break;
                }
                if (processLine() != null) {
                    int length = rawLength;
                    if (length == DONE_BYTES.length && Arrays.equals(data, 0, length, DONE_BYTES, 0, length)) {
                        doneReceived = true;
                        finished = true;
                        resetData();
                        return null;
                    }
                    JsonNode node = parse(factory, length);
                    resetData();
                    return node;
                }
            }
            finished = true;
            return null;
        } catch (NodeToolProtocolException e) {
            failure = e;
            throw e;
        }
    }

    private JsonNode parse(JsonFactory factory, int length) {
        long line = lines.lineNumber();
        try (JsonParser p = factory.createParser(data, 0, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new NodeToolProtocolException("SSE event ending at line " + line + " has empty data", null, line);
            }
            JsonNode node = TreeReader.read(p, first);
            if (p.nextToken() != null) {
                throw new NodeToolProtocolException(
                        "SSE event ending at line " + line + " has malformed JSON data: more than one value",
                        null,
                        line);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new NodeToolProtocolException(
                    "SSE event ending at line " + line + " has malformed JSON data: " + e.getOriginalMessage(),
                    e,
                    line);
        } catch (IOException e) {
            throw new NodeToolProtocolException(
                    "SSE event ending at line " + line + " has malformed JSON data: " + e.getMessage(), e, line);
        }
    }

    private void resetData() {
        if (data.length > 64 * 1024) {
            data = new byte[256]; // do not keep one huge event's buffer for the rest of the stream
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
