package ai.nodetool.client.assets;

import java.io.IOException;
import java.io.InputStream;

/** A deterministic byte sequence of any length, generated on the fly (nothing is held in memory). */
final class Pattern {
    private Pattern() {}

    static byte at(long i) {
        return (byte) (i * 31 + (i >>> 13));
    }

    /** @return a stream of the first {@code length} pattern bytes */
    static InputStream stream(long length) {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                return pos < length ? at(pos++) & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - pos);
                for (int k = 0; k < n; k++) {
                    b[off + k] = at(pos++);
                }
                return n;
            }
        };
    }

    /**
     * Reads exactly {@code length} bytes from {@code in} and checks them against the pattern.
     *
     * @return null when they match, else what went wrong
     */
    static String verify(InputStream in, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long pos = 0;
        while (pos < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - pos));
            if (n < 0) {
                return "ended after " + pos + " of " + length + " bytes";
            }
            for (int k = 0; k < n; k++) {
                if (buf[k] != at(pos + k)) {
                    return "byte " + (pos + k) + " differs";
                }
            }
            pos += n;
        }
        return null;
    }
}
