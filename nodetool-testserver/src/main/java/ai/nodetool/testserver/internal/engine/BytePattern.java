package ai.nodetool.testserver.internal.engine;

import java.io.InputStream;
import java.util.Objects;

/**
 * The deterministic content of the large-binary workload: the byte at offset {@code i} (counted from
 * 0) is the XOR of the eight bytes of {@code i} as a 64-bit integer, so it needs no seed, repeats
 * no 256-byte block within 64 KiB, and any client can recompute it (in JavaScript:
 * {@code ((i % 256) ^ (Math.floor(i / 256) % 256) ^ …) & 0xff}). Generated on demand, never stored.
 * Thread-safe (stateless).
 */
public final class BytePattern {
    private BytePattern() {}

    /** The byte at {@code offset}, 0..255. */
    public static int at(long offset) {
        long x = offset;
        x ^= x >>> 32;
        x ^= x >>> 16;
        x ^= x >>> 8;
        return (int) (x & 0xff);
    }

    /** Fills {@code buffer[from, from + length)} with the bytes at {@code offset, offset + length)}. */
    public static void fill(long offset, byte[] buffer, int from, int length) {
        Objects.checkFromIndexSize(from, length, buffer.length);
        int i = 0;
        while (i < length) {
            long position = offset + i;
            // Within one 256-byte block only the low byte changes: XOR the block's high bytes once.
            int high = at(position & ~0xffL);
            int low = (int) (position & 0xff);
            int run = Math.min(length - i, 256 - low);
            for (int k = 0; k < run; k++) {
                buffer[from + i + k] = (byte) (high ^ (low + k));
            }
            i += run;
        }
    }

    /** The first offset in {@code [0, data.length)} whose byte differs from the pattern at {@code offset + i}, or -1. */
    public static long firstMismatch(long offset, byte[] data, int from, int length) {
        Objects.checkFromIndexSize(from, length, data.length);
        for (int i = 0; i < length; i++) {
            if ((data[from + i] & 0xff) != at(offset + i)) {
                return offset + i;
            }
        }
        return -1;
    }

    /** A stream of the bytes at {@code [0, length)}, generated as they are read. */
    public static InputStream stream(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative");
        }
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? at(position++) : -1;
            }

            @Override
            public int read(byte[] buffer, int from, int n) {
                Objects.checkFromIndexSize(from, n, buffer.length);
                if (n == 0) {
                    return 0;
                }
                if (position >= length) {
                    return -1;
                }
                int count = (int) Math.min(n, length - position);
                fill(position, buffer, from, count);
                position += count;
                return count;
            }

            @Override
            public long skip(long n) {
                long skipped = Math.max(0, Math.min(n, length - position));
                position += skipped;
                return skipped;
            }

            @Override
            public int available() {
                return (int) Math.min(Integer.MAX_VALUE, length - position);
            }
        };
    }

    /** All {@code length} bytes in one array (for paths that must hold them). */
    public static byte[] bytes(long length) {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a payload of " + length + " bytes does not fit in one array");
        }
        byte[] out = new byte[(int) length];
        fill(0, out, 0, out.length);
        return out;
    }
}
