package ai.nodetool.testserver.internal.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} reader (RFC 7578): each part's body is handed out as a stream
 * that ends at the next boundary, read through one 64 KiB window, so a part of any size passes
 * through without being held in memory. Not thread-safe.
 */
final class Multipart {
    private static final int WINDOW = 64 * 1024;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    /** A malformed body. */
    static final class MalformedException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** One part: its form field name, file name (or null), content type (or null) and body. */
    record Part(String name, String fileName, String contentType, InputStream body) {}

    /** Receives the parts in order; a part's body is valid only during the call. */
    @FunctionalInterface
    interface PartHandler {
        void part(Part part) throws IOException;
    }

    private final InputStream in;
    private final byte[] delimiter; // CRLF "--" boundary
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;

    private Multipart(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length];
    }

    /** The boundary of a {@code multipart/form-data} content type, or null for any other type. */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] params = contentType.split(";");
        if (!params[0].trim().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String b = unquote(p.substring(eq + 1).trim());
                return b.isEmpty() || b.length() > 200 ? null : b;
            }
        }
        return null;
    }

    /** Reads every part of {@code in} and hands each to {@code handler}; unread part bytes are skipped. */
    static void read(InputStream in, String boundary, PartHandler handler) throws IOException {
        new Multipart(in, boundary).readAll(handler);
    }

    private void readAll(PartHandler handler) throws IOException {
        // The first delimiter may open the body without the leading CRLF (and may follow a preamble).
        buf[0] = '\r';
        buf[1] = '\n';
        pos = 0;
        lim = 2;
        skipPart();
        while (true) {
            fill(2);
            if (lim - pos < 2) {
                throw new MalformedException("body ends after a boundary");
            }
            if (buf[pos] == '-' && buf[pos + 1] == '-') {
                return; // the close delimiter; an epilogue is ignored
            }
            skipLinearWhitespaceAndCrlf();
            Map<String, String> headers = readHeaders();
            String disposition = headers.getOrDefault("content-disposition", "");
            String name = param(disposition, "name");
            if (name == null) {
                throw new MalformedException("part without a form field name");
            }
            PartStream body = new PartStream();
            handler.part(new Part(name, param(disposition, "filename"), headers.get("content-type"), body));
            body.transferTo(OutputStreamSink.INSTANCE);
        }
    }

    private void skipPart() throws IOException {
        new PartStream().transferTo(OutputStreamSink.INSTANCE);
    }

    private void skipLinearWhitespaceAndCrlf() throws IOException {
        while (true) {
            fill(1);
            if (pos >= lim) {
                throw new MalformedException("body ends after a boundary");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                return;
            }
            if (b != ' ' && b != '\t' && b != '\r') {
                throw new MalformedException("garbage after a boundary");
            }
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedException("malformed part header");
            }
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            fill(1);
            if (pos >= lim) {
                throw new MalformedException("body ends inside part headers");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            line.write(b);
            if (line.size() > MAX_HEADER_LINE) {
                throw new MalformedException("part header too long");
            }
        }
    }

    /** Ensures at least {@code n} unread bytes in the window unless the input ended. */
    private void fill(int n) throws IOException {
        if (lim - pos >= n || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim - pos < n && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
    }

    private int indexOfDelimiter(int from) {
        outer:
        for (int i = from; i <= lim - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The body of one part: ends (and consumes) the next delimiter. */
    private final class PartStream extends InputStream {
        private boolean done;
        private int safeUntil = -1; // bytes before this window index contain no delimiter start

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (pos >= safeUntil) {
                int before = pos;
                fill(delimiter.length);
                if (pos != before) {
                    safeUntil = -1; // the window moved
                }
                int at = indexOfDelimiter(pos);
                if (at == pos) {
                    pos += delimiter.length;
                    done = true;
                    return -1;
                }
                if (at >= 0) {
                    safeUntil = at;
                } else if (eof) {
                    throw new MalformedException("body ends inside a part");
                } else {
                    safeUntil = lim - delimiter.length + 1;
                }
            }
            int n = Math.min(len, safeUntil - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Discards what is written (to skip unread part bytes). */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    /** A {@code name="value"} parameter of a Content-Disposition header. */
    static String param(String header, String name) {
        for (String p : header.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq > 0 && t.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return unquote(t.substring(eq + 1).trim());
            }
        }
        return null;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
