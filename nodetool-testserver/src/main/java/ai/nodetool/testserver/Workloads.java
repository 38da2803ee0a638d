package ai.nodetool.testserver;

import ai.nodetool.testserver.internal.engine.BytePattern;

/**
 * The heavy test workloads of the test server, for benchmarks and memory tests of any client: what
 * they send is documented on {@link NodeToolTestServer#registerFirehose(String, int, int)},
 * {@link NodeToolTestServer#registerProgress(String, int)} and
 * {@link NodeToolTestServer#registerLargeBinary(String, long, String)}.
 *
 * <p>{@link NodeToolTestServer#registerHeavyWorkloads()} and the standalone server's
 * {@code --heavy-workloads} flag register them under the ids below (the sizes can be changed by
 * flags, see {@code --help}). The large binary payload follows a fixed pattern, so a client can check
 * every byte it received without holding a second copy: the byte at offset {@code i} (from 0) is the
 * XOR of the eight bytes of {@code i} as a 64-bit integer ({@link #patternByte(long)}).
 */
public final class Workloads {
    /** The standalone id of the firehose workload. */
    public static final String FIREHOSE = "heavy-firehose";
    /** The standalone id of the many-step progress workload. */
    public static final String PROGRESS = "heavy-progress";
    /** The standalone id of the large binary workload. */
    public static final String LARGE_BINARY = "heavy-binary";

    /** Default number of firehose messages: 200,000. */
    public static final int DEFAULT_FIREHOSE_COUNT = 200_000;
    /** Default firehose payload per message: 64 bytes. */
    public static final int DEFAULT_FIREHOSE_PAYLOAD_BYTES = 64;
    /** Default number of progress steps: 100,000. */
    public static final int DEFAULT_PROGRESS_STEPS = 100_000;
    /** Default size of the large binary output: 50 MiB. */
    public static final long DEFAULT_LARGE_BINARY_BYTES = 50L * 1024 * 1024;

    private Workloads() {}

    /**
     * The large binary payload's byte at {@code offset}: the XOR of the eight bytes of {@code offset}.
     *
     * @param offset the offset from the start of the payload, not negative
     * @return the byte, 0..255
     */
    public static int patternByte(long offset) {
        return BytePattern.at(offset);
    }

    /**
     * Fills {@code buffer[from, from + length)} with the payload bytes at {@code [offset, offset + length)}.
     *
     * @param offset the payload offset of the first byte
     * @param buffer the array to fill
     * @param from where in {@code buffer} to start
     * @param length how many bytes
     */
    public static void fillPattern(long offset, byte[] buffer, int from, int length) {
        BytePattern.fill(offset, buffer, from, length);
    }

    /**
     * Checks received bytes against the payload.
     *
     * @param offset the payload offset of {@code data[from]}
     * @param data the received bytes
     * @param from where in {@code data} they start
     * @param length how many to check
     * @return the payload offset of the first wrong byte, or -1 when all are right
     */
    public static long firstPatternMismatch(long offset, byte[] data, int from, int length) {
        return BytePattern.firstMismatch(offset, data, from, length);
    }
}
