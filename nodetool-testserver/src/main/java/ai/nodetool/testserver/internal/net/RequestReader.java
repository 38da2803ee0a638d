package ai.nodetool.testserver.internal.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests (head, then body) from one connection's input stream. Not thread-safe:
 * only the connection thread uses it.
 */
final class RequestReader {
    /** Upper bound for request line plus header section (and, separately, chunked trailers). */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private static final int MAX_CHUNK_LINE = 4096;
    private static final int HEAD_TOO_LARGE = 0;
    private static final int CHUNK_LINE_TOO_LONG = 1;

    private final InputStream in;
    private long maxBodyBytes;
    /** System.nanoTime() by which the head being read must be complete; 0 for none. */
    private long headDeadline;

    RequestReader(InputStream in, long maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Sets the largest body accepted for the request whose head was just read (before {@link #framing}). */
    void maxBodyBytes(long bytes) {
        this.maxBodyBytes = bytes;
    }

    /**
     * Reads the next request head, which must be complete within {@code timeoutMillis} (a client
     * that trickles a head byte by byte cannot hold the connection longer).
     *
     * @throws HttpProtocolException 408 when the time is up, else as {@link #readHead()}
     */
    RequestHead readHead(long timeoutMillis) throws IOException, HttpProtocolException {
        headDeadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try {
            return readHead();
        } finally {
            headDeadline = 0;
        }
    }

    /**
     * Reads the next request head.
     *
     * @return the head, or {@code null} when the peer closed the connection between requests
     * @throws HttpProtocolException when the head is malformed (400) or too large (431)
     * @throws EOFException when the peer closed in the middle of a head
     */
    RequestHead readHead() throws IOException, HttpProtocolException {
        int[] budget = {MAX_HEAD_BYTES};
        // The head exactly as received, for a WebSocket upgrade: the library validates those bytes.
        ByteArrayOutputStream raw = new ByteArrayOutputStream(512);
        String requestLine;
        // RFC 9112 section 2.2: ignore empty lines before the request line (some clients send a
        // stray CRLF after a body).
        do {
            raw.reset();
            requestLine = readLine(budget, true, HEAD_TOO_LARGE, raw);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());

        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new HttpProtocolException(400, "malformed request line");
        }
        String version = parts[2];
        if (!version.startsWith("HTTP/1.")) {
            if (version.matches("HTTP/\\d(\\.\\d)?")) {
                throw new HttpProtocolException(505, "unsupported HTTP version " + version);
            }
            throw new HttpProtocolException(400, "malformed request line");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpProtocolException(505, "unsupported HTTP version " + version);
        }
        Map<String, List<String>> headers = readFields(budget, raw);
        return new RequestHead(parts[0], parts[1], version, headers, raw.toByteArray());
    }

    /** Reads header fields (or chunked trailers) up to and including the empty line. */
    private Map<String, List<String>> readFields(int[] budget, ByteArrayOutputStream raw)
            throws IOException, HttpProtocolException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine(budget, false, HEAD_TOO_LARGE, raw);
            if (line.isEmpty()) {
                break;
            }
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                // Obsolete line folding (RFC 9112 section 5.2) is rejected rather than guessed at.
                throw new HttpProtocolException(400, "obsolete header line folding");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new HttpProtocolException(400, "malformed header field");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(headers);
    }

    /** How the body of a request is delimited (RFC 9112 section 6.3). */
    record BodyFraming(boolean chunked, long contentLength) {
        boolean hasBody() {
            return chunked || contentLength > 0;
        }
    }

    /** Decides the body framing from the headers; rejects ambiguous or oversized declarations. */
    BodyFraming framing(RequestHead head) throws HttpProtocolException {
        List<String> te = head.headers().get("transfer-encoding");
        List<String> cl = head.headers().get("content-length");
        if (te != null) {
            if (cl != null) {
                // Both present is a request-smuggling shape; refuse it instead of picking one.
                throw new HttpProtocolException(400, "both Transfer-Encoding and Content-Length");
            }
            String joined = String.join(",", te);
            String[] codings = joined.split(",");
            if (!codings[codings.length - 1].trim().equalsIgnoreCase("chunked") || codings.length != 1) {
                throw new HttpProtocolException(501, "unsupported transfer coding: " + joined);
            }
            return new BodyFraming(true, -1);
        }
        if (cl == null) {
            return new BodyFraming(false, 0);
        }
        long length = -1;
        for (String value : cl) {
            for (String element : value.split(",")) {
                long parsed = parseContentLength(element.trim());
                if (length >= 0 && parsed != length) {
                    throw new HttpProtocolException(400, "conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        if (length > maxBodyBytes) {
            throw new HttpProtocolException(413, "request body exceeds " + maxBodyBytes + " bytes");
        }
        return new BodyFraming(false, length);
    }

    /**
     * Reads the body the framing describes into memory or, past {@link RequestBody#MEMORY_LIMIT}, into a
     * temporary file, so that large uploads are never held in the heap.
     */
    RequestBody readSpooledBody(BodyFraming framing) throws IOException, HttpProtocolException {
        if (!framing.hasBody()) {
            return RequestBody.of(new byte[0]);
        }
        RequestBody.Sink sink = new RequestBody.Sink();
        try {
            copyBody(framing, sink);
            return sink.finish();
        } catch (IOException | HttpProtocolException | RuntimeException e) {
            sink.discard();
            throw e;
        }
    }

    private void copyBody(BodyFraming framing, OutputStream body) throws IOException, HttpProtocolException {
        if (!framing.chunked()) {
            copyExactly(framing.contentLength(), body, "connection closed inside a request body");
            return;
        }
        long total = 0;
        while (true) {
            int[] lineBudget = {MAX_CHUNK_LINE};
            String sizeLine = readLine(lineBudget, false, CHUNK_LINE_TOO_LONG, null);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new HttpProtocolException(400, "malformed chunk size");
            }
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException(400, "malformed chunk size");
            }
            if (size < 0) {
                throw new HttpProtocolException(400, "malformed chunk size");
            }
            if (size == 0) {
                readFields(new int[] {MAX_HEAD_BYTES}, null); // trailers are read and dropped
                return;
            }
            if (total + size > maxBodyBytes) {
                throw new HttpProtocolException(413, "request body exceeds " + maxBodyBytes + " bytes");
            }
            copyExactly(size, body, "connection closed inside a chunk");
            total += size;
            if (in.read() != '\r' || in.read() != '\n') {
                throw new HttpProtocolException(400, "chunk data not followed by CRLF");
            }
        }
    }

    private void copyExactly(long count, OutputStream out, String eofMessage) throws IOException {
        byte[] buffer = new byte[(int) Math.min(64 * 1024, Math.max(1, count))];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException(eofMessage);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Writes the interim response that lets a waiting client send its body (RFC 9110 section 10.1.1). */
    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static long parseContentLength(String value) throws HttpProtocolException {
        if (value.isEmpty() || value.length() > 18) {
            throw new HttpProtocolException(400, "invalid Content-Length");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw new HttpProtocolException(400, "invalid Content-Length");
            }
        }
        return Long.parseLong(value);
    }

    /**
     * Reads one line ending in CRLF (a bare LF is tolerated), as ISO-8859-1, without the terminator.
     * {@code budget[0]} is decremented by the bytes consumed; they are also copied to {@code raw}
     * unless it is null.
     */
    private String readLine(int[] budget, boolean nullOnEofAtStart, int overflow, ByteArrayOutputStream raw)
            throws IOException, HttpProtocolException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (nullOnEofAtStart && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
            if (raw != null) {
                raw.write(b);
            }
            if (headDeadline != 0 && System.nanoTime() - headDeadline > 0) {
                throw new HttpProtocolException(408, "request head not complete in time");
            }
            if (--budget[0] < 0) {
                throw overflow == HEAD_TOO_LARGE
                        ? new HttpProtocolException(431, "request head exceeds " + MAX_HEAD_BYTES + " bytes")
                        : new HttpProtocolException(400, "chunk size line too long");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (b == 0) {
                throw new HttpProtocolException(400, "NUL byte in request");
            }
            line.append((char) b);
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
