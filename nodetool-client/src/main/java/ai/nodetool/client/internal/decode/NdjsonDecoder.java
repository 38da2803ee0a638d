package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.flow.Source;
import ai.nodetool.client.internal.json.DataUriStripper;
import ai.nodetool.client.internal.json.TreeReader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Decodes newline-delimited JSON (the Gen A/B {@code ?stream=true} body, protocol-notes §5.3) into
 * one {@link JsonNode} per line. Knows nothing of HTTP: it reads any {@link InputStream}.
 *
 * <ul>
 *   <li>Lines end with LF; CRLF is accepted. Blank (whitespace-only) lines are skipped. A last line
 *       without a terminator is decoded too.
 *   <li>Each line must hold exactly one JSON value; anything else is a
 *       {@link NodeToolProtocolException} naming the line number ({@link
 *       NodeToolProtocolException#lineNumber()}); a malformed unterminated last line is reported as
 *       a likely truncation.
 *   <li>A line longer than {@code maxLineBytes} (default {@value #DEFAULT_MAX_LINE_BYTES}) fails
 *       with an "oversize" {@link NodeToolProtocolException} once that many bytes are buffered;
 *       memory stays bounded by the limit.
 *   <li>One JSON parser reads the whole body (no parser, reader context or line copy per line), fed one
 *       line at a time by a {@link LineGate}, which enforces the line rules; the tree is built by
 *       {@link TreeReader}. Its string limit ({@code StreamReadConstraints.maxStringLength}) is raised to
 *       the line limit when that is larger, since a line's strings cannot be longer than the line.
 *   <li>When {@code maxLineBytes} is above the default (only such lines can carry large inline media), a
 *       string holding a base64 {@code data:} URI (a legacy server's media output, protocol-notes §5.3)
 *       is decoded as it is read into a {@link ai.nodetool.client.internal.json.DataUriNode} by a {@link
 *       DataUriStripper} under the line gate, never held as text: a large output costs its bytes once. Its
 *       line is still bounded by {@code maxLineBytes} (the header {@code data:...;base64,} not counted).
 *   <li>After the first failure the decoder keeps throwing that failure.
 * </ul>
 *
 * <p>Threading: {@link #next()} from one thread at a time; {@link #close()} from any thread, which
 * closes the stream (and so unblocks a read, for streams whose close does, like OkHttp's).
 */
public final class NdjsonDecoder implements Source<JsonNode> {

    /** Default longest accepted line: 4 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

    private final DataUriStripper stripper;
    private final LineGate gate;
    private final int maxLineBytes;
    private final JsonFactory factory;
    private JsonParser parser;
    private volatile boolean closed;
    private RuntimeException failure;
    private long lineNumber;

    /**
     * A decoder with a plain {@link ObjectMapper}, the default line limit and no activity callback.
     *
     * @param in the NDJSON bytes; closed by {@link #close()}
     */
    public NdjsonDecoder(InputStream in) {
        this(in, DEFAULT_MAPPER, DEFAULT_MAX_LINE_BYTES, null);
    }

    /**
     * @param in the NDJSON bytes; closed by {@link #close()}
     * @param mapper its factory makes the parser (e.g. the client's shared JSON mapper)
     * @param maxLineBytes the longest accepted line in bytes, excluding its terminator
     * @param onActivity called on the reading thread whenever bytes arrive (resets an idle
     *     timeout); may be {@code null}
     */
    public NdjsonDecoder(InputStream in, ObjectMapper mapper, int maxLineBytes, Runnable onActivity) {
        Objects.requireNonNull(in, "in");
        // Only lines over the default limit can carry large inline media, and the stripper's scan costs
        // about a third of the throughput of small lines (HttpStreamInterleaved): decode data URIs as read
        // only where such lines are allowed.
        this.stripper = maxLineBytes > DEFAULT_MAX_LINE_BYTES ? new DataUriStripper(in, true) : null;
        this.gate = new LineGate(stripper != null ? stripper : in, maxLineBytes, onActivity);
        this.maxLineBytes = maxLineBytes;
        this.factory = factoryFor(Objects.requireNonNull(mapper, "mapper").getFactory(), maxLineBytes);
    }

    /** The mapper's factory, with a string limit of at least one line. */
    static JsonFactory factoryFor(JsonFactory factory, int maxLineBytes) {
        StreamReadConstraints constraints = factory.streamReadConstraints();
        if (constraints.getMaxStringLength() >= maxLineBytes) {
            return factory;
        }
        return factory.copy()
                .setStreamReadConstraints(
                        constraints.rebuild().maxStringLength(maxLineBytes).build());
    }

    /**
     * Reads the next non-blank line.
     *
     * @return the line's JSON value, or {@code null} at the end of the input
     * @throws NodeToolProtocolException for a malformed or oversize line
     * @throws IOException if reading fails or the decoder was closed
     */
    @Override
    public JsonNode next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("NDJSON decoder is closed");
        }
        JsonParser p = parser;
        try {
            if (p == null) {
                p = factory.createParser(gate);
                parser = p;
            }
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            boolean container = first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY;
            JsonLocation start = p.currentTokenLocation();
            lineNumber = start.getLineNr();
            if (container) {
                gate.enterValue(start.getByteOffset());
            }
            JsonNode value = stripper == null ? TreeReader.read(p, first) : TreeReader.read(p, first, stripper::string);
            gate.leaveValue();
            if (container) {
                JsonLocation end = p.currentLocation();
                if (end.getLineNr() != lineNumber) {
                    throw spansLines();
                }
                if (!gate.restOfLineIsBlank(end.getByteOffset())) {
                    throw new NodeToolProtocolException(
                            "Malformed NDJSON at line " + lineNumber + ": more than one JSON value on the line",
                            null,
                            lineNumber);
                }
            }
            return value;
        } catch (NodeToolProtocolException e) {
            failure = e;
            throw e;
        } catch (LineGate.Oversize e) {
            failure = oversize(p);
            throw failure;
        } catch (LineGate.SpansLines e) {
            failure = spansLines();
            throw failure;
        } catch (JsonProcessingException e) {
            failure = malformed(e, p);
            throw failure;
        }
    }

    private NodeToolProtocolException spansLines() {
        return new NodeToolProtocolException(
                "Malformed NDJSON at line " + lineNumber + ": the JSON value does not end on its line",
                null,
                lineNumber);
    }

    private NodeToolProtocolException oversize(JsonParser p) {
        long line = p == null ? Math.max(1, lineNumber) : p.currentLocation().getLineNr();
        return new NodeToolProtocolException(
                "NDJSON line " + line + " is oversize: longer than " + maxLineBytes + " bytes", null, line);
    }

    private NodeToolProtocolException malformed(JsonProcessingException e, JsonParser p) {
        JsonLocation at = e.getLocation();
        if (gate.currentLineIsOversize(at == null ? -1 : at.getByteOffset())) {
            return oversize(p);
        }
        long line = at != null && at.getLineNr() > 0 ? at.getLineNr() : Math.max(1, lineNumber);
        if (gate.insideValue()) {
            line = lineNumber; // a value that ran on past its line is malformed where it started
        }
        if (e instanceof StreamConstraintsException) {
            return new NodeToolProtocolException(
                    "NDJSON line " + line + " breaks a parser limit: " + e.getOriginalMessage(), e, line);
        }
        String where = e instanceof JsonEOFException || gate.atEof()
                ? " (unterminated last line: the stream was probably truncated)"
                : "";
        return new NodeToolProtocolException(
                "Malformed NDJSON at line " + line + where + ": " + e.getOriginalMessage(), e, line);
    }

    /**
     * @return the 1-based number of the line last read (blank lines count), 0 before the first
     */
    public long lineNumber() {
        return lineNumber;
    }

    /** Closes the input stream. Idempotent; callable from any thread. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            gate.close();
        }
    }
}
