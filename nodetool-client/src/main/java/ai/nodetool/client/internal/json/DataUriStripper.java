package ai.nodetool.client.internal.json;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a JSON body carry a large base64 {@code data:} URI (a legacy run's media output, protocol-notes
 * §10.1) without its text ever being held: between the body and the parser, it removes the header
 * {@code data:<type>;base64,} from every string that starts with one, remembering it by the string's
 * offset; the tree reader then asks {@link #string(JsonParser)} for each string value, which for such a
 * string decodes the base64 straight from the parser's input into blocks ({@link
 * JsonParser#readBinaryValue(Base64Variant, OutputStream)}) and returns a {@link DataUriNode}. Small
 * ones become ordinary text again. Other strings pass unchanged.
 *
 * <p>It tracks only what JSON's lexical rules need (inside a string or not, escapes), so it costs a byte
 * comparison per byte. It reads no further ahead than deciding a string's header needs, so it may sit under
 * a stream ({@link ai.nodetool.client.internal.decode.NdjsonDecoder}): a message is never held back waiting
 * for the next. Not thread-safe.
 */
public final class DataUriStripper extends InputStream {

    /** Below this decoded size a data URI stays an ordinary text node. */
    static final int SMALL = 64 * 1024;

    private static final int BLOCK = 1024 * 1024;
    private static final int MAX_HEADER = 256;
    private static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private long emitted; // bytes handed to the parser
    private long removed; // header bytes taken out so far
    private boolean inString;
    private boolean escape;
    private final Map<Long, String> headers = new HashMap<>();
    private final boolean streaming;

    /**
     * @param in the JSON bytes (a body, or an NDJSON stream); closed by {@link #close()}
     */
    public DataUriStripper(InputStream in) {
        this(in, false);
    }

    /**
     * @param in the JSON bytes; closed by {@link #close()}
     * @param streaming true under a stream: reads no more than asked, and no further ahead than deciding a
     *     string's header needs; false for a whole body, read greedily
     */
    public DataUriStripper(InputStream in, boolean streaming) {
        this.in = in;
        this.streaming = streaming;
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
        if (pos == limit && !fill(1, streaming ? len : Integer.MAX_VALUE)) {
            return -1;
        }
        int n = 0;
        while (n < len && pos < limit) {
            byte c = buf[pos];
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                }
                b[off + n++] = c;
                pos++;
                continue;
            }
            if (c != '"') {
                b[off + n++] = c;
                pos++;
                continue;
            }
            // A string starts: look at its beginning for a base64 data URI header.
            if (limit - pos < MAX_HEADER + 1 && !eof) {
                if (n > 0) {
                    break; // hand out what we have; look again on the next read with a full window
                }
                if (streaming) {
                    fillForHeader();
                } else {
                    fill(MAX_HEADER + 1, Integer.MAX_VALUE);
                }
            }
            b[off + n++] = c;
            pos++;
            inString = true;
            int header = base64Header();
            if (header > 0) {
                headers.put(emitted + n - 1, new String(buf, pos, header, StandardCharsets.US_ASCII));
                pos += header;
                removed += header;
            }
        }
        emitted += n;
        return n;
    }

    /**
     * @return how many bytes of headers were taken out of the input so far: an offset in what the parser
     *     read plus this is the offset in the input, for a position after every string read so far
     */
    public long removedBytes() {
        return removed;
    }

    /** @return the length of a {@code data:...;base64,} header at {@code pos}, else 0 */
    private int base64Header() {
        int end = Math.min(limit, pos + MAX_HEADER);
        if (end - pos < 13 || !startsWith("data:")) {
            return 0;
        }
        for (int i = pos + 5; i < end; i++) {
            byte c = buf[i];
            if (c == ',') {
                int length = i + 1 - pos;
                String header = new String(buf, pos, length, StandardCharsets.US_ASCII);
                return header.regionMatches(true, length - 8, ";base64,", 0, 8) ? length : 0;
            }
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                return 0;
            }
        }
        return 0;
    }

    private boolean startsWith(String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[pos + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * With {@code pos} on a string's opening quote: reads until the bytes buffered tell whether a data URI
     * header starts there (a header is decided by the first byte that cannot continue one, so a stream is
     * never read past the end of a string that is not one), or {@code MAX_HEADER + 1} bytes are buffered,
     * or the input ends.
     */
    private void fillForHeader() throws IOException {
        while (!headerDecided() && fill(limit - pos + 1, MAX_HEADER + 1) && limit - pos < MAX_HEADER + 1 && !eof) {
            // fill() read more
        }
    }

    private boolean headerDecided() {
        for (int i = pos + 1; i < limit; i++) {
            int k = i - pos - 1;
            byte c = buf[i];
            if (k < 5 && c != "data:".charAt(k)) {
                return true;
            }
            if (c == ',' || c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
                return true;
            }
        }
        return limit - pos >= MAX_HEADER + 1 || eof;
    }

    /**
     * Reads until at least {@code want} bytes are buffered or the input ends, at most {@code most} bytes a
     * read (no more than the reader above asked for: a line gate's bound on what it reads holds through
     * this); false if no bytes are buffered.
     */
    private boolean fill(int want, int most) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < want && !eof) {
            int r = in.read(buf, limit, Math.min(buf.length - limit, most));
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit > pos;
    }

    /**
     * Makes the node for the string value the parser is on.
     *
     * @param p the parser, on a {@code VALUE_STRING}
     * @return a {@link DataUriNode} for a large base64 data URI, else a text node
     * @throws IOException from the parser
     */
    public JsonNode string(JsonParser p) throws IOException {
        if (headers.isEmpty()) {
            return TextNode.valueOf(p.getText());
        }
        long at = p.currentTokenLocation().getByteOffset();
        String header = headers.remove(at);
        if (header == null) {
            header = headers.remove(at - 1);
        }
        if (header == null) {
            return TextNode.valueOf(p.getText());
        }
        Blocks blocks = new Blocks();
        p.readBinaryValue(BASE64, blocks);
        blocks.finish();
        if (blocks.length < SMALL) {
            byte[] all = new DataUriNode(header, blocks.list, blocks.length).bytes();
            return TextNode.valueOf(header + Base64.getEncoder().encodeToString(all));
        }
        return new DataUriNode(header, blocks.list, blocks.length);
    }

    /** Collects decoded bytes in blocks of 1 MiB, so that no array is copied to grow. */
    private static final class Blocks extends OutputStream {
        final List<byte[]> list = new ArrayList<>();
        byte[] current = new byte[8 * 1024];
        int used;
        long length;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == current.length) {
                    if (current.length < BLOCK) {
                        current = java.util.Arrays.copyOf(current, Math.min(BLOCK, current.length * 4));
                    } else {
                        list.add(current);
                        current = new byte[BLOCK];
                        used = 0;
                    }
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
                length += n;
            }
        }

        void finish() {
            if (used > 0) {
                list.add(used == current.length ? current : java.util.Arrays.copyOf(current, used));
            }
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
