package ai.nodetool.client.internal.decode;

import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.internal.flow.Source;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
 *       memory stays bounded by the limit. Lines are parsed straight from the read buffer, without
 *       building Strings.
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

    private final LineReader lines;
    private final ObjectReader reader;
    private volatile boolean closed;
    private RuntimeException failure;

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
     * @param mapper parses each line (e.g. the client's shared JSON mapper)
     * @param maxLineBytes the longest accepted line in bytes, excluding its terminator
     * @param onActivity called on the reading thread whenever bytes arrive (resets an idle
     *     timeout); may be {@code null}
     */
    public NdjsonDecoder(InputStream in, ObjectMapper mapper, int maxLineBytes, Runnable onActivity) {
        this.lines = new LineReader(Objects.requireNonNull(in, "in"), maxLineBytes, false, onActivity, "NDJSON");
        this.reader =
                Objects.requireNonNull(mapper, "mapper").reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
        try {
            while (lines.nextLine()) {
                byte[] buf = lines.buffer();
                int start = lines.lineStart();
                int length = lines.lineLength();
                if (isBlank(buf, start, length)) {
                    continue;
                }
                return parse(buf, start, length);
            }
            return null;
        } catch (NodeToolProtocolException e) {
            failure = e;
            throw e;
        }
    }

    private JsonNode parse(byte[] buf, int start, int length) {
        long line = lines.lineNumber();
        try {
            return reader.readTree(buf, start, length);
        } catch (JsonProcessingException e) {
            String where = lines.lineTerminated() ? "" : " (unterminated last line: the stream was probably truncated)";
            throw new NodeToolProtocolException(
                    "Malformed NDJSON at line " + line + where + ": " + e.getOriginalMessage(), e, line);
        } catch (IOException e) {
            // Reading from a byte array cannot fail with anything but a parse error.
            throw new NodeToolProtocolException("Malformed NDJSON at line " + line + ": " + e.getMessage(), e, line);
        }
    }

    private static boolean isBlank(byte[] buf, int start, int length) {
        for (int i = start, end = start + length; i < end; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the 1-based number of the line last read (blank lines count), 0 before the first
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
