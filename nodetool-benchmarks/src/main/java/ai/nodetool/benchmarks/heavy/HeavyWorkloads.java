package ai.nodetool.benchmarks.heavy;

import ai.nodetool.testserver.NodeToolTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The heavy workloads of issue 15 as the test server offers them: the workflow ids, their sizes, and
 * how they are registered on a server through its public API. Every contender (the SDK, the
 * hand-written Java client, the Node.js client) runs the same workflow on the same server.
 */
public final class HeavyWorkloads {

    /** Gen C: a scripted job of {@value #FIREHOSE_FRAMES} small {@code log_update} frames. */
    public static final String WS_FIREHOSE = "heavy_ws_firehose";

    /** Frames of {@link #WS_FIREHOSE}. */
    public static final int FIREHOSE_FRAMES = 200_000;

    /** Concurrent jobs of the thousand-jobs workload (the demo {@code greeting} workflow). */
    public static final int JOBS = 1_000;

    /** Gen A: a scripted job with one {@value #LARGE_BYTES}-byte image output. */
    public static final String LARGE_BINARY = "heavy_large_binary";

    /** 50 MiB. */
    public static final int LARGE_BYTES = 50 * 1024 * 1024;

    /** Gen A: an NDJSON (and SSE) firehose of {@value #STREAM_LINES} lines. */
    public static final String STREAM = "heavy_stream";

    /** Lines of {@link #STREAM}. */
    public static final int STREAM_LINES = 200_000;

    /** Payload bytes of each {@link #STREAM} line (a line is about 200 bytes with its JSON fields). */
    public static final int STREAM_PAYLOAD = 96;

    private HeavyWorkloads() {}

    /** Registers the legacy (Gen A) workloads: the large binary output and the NDJSON/SSE firehose. */
    static void registerLegacy(NodeToolTestServer server) {
        server.registerFirehose(STREAM, STREAM_LINES, STREAM_PAYLOAD);
        server.registerScript(LARGE_BINARY, "Large binary", List.of(largeOutput()));
    }

    /** Registers the current (Gen C) workloads: the WebSocket firehose (the greeting demo is built in). */
    static void registerCurrent(NodeToolTestServer server) {
        List<Map<String, ?>> script = new ArrayList<>(FIREHOSE_FRAMES);
        for (int i = 0; i < FIREHOSE_FRAMES; i++) {
            script.add(Map.of(
                    "type", "log_update",
                    "node_id", "firehose",
                    "node_name", "Firehose",
                    "content", "line " + i,
                    "severity", "info"));
        }
        server.registerScript(WS_FIREHOSE, "WebSocket firehose", script);
    }

    /**
     * The large output's byte at {@code offset}: the XOR of the eight bytes of {@code offset} (the
     * Node.js contender computes the same).
     */
    static int patternByte(long offset) {
        long x = offset;
        x ^= x >>> 32;
        x ^= x >>> 16;
        x ^= x >>> 8;
        return (int) (x & 0xff);
    }

    private static Map<String, ?> largeOutput() {
        byte[] bytes = new byte[LARGE_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) patternByte(i);
        }
        return Map.of(
                "type", "output_update",
                "node_id", "image_out",
                "node_name", "image",
                "output_name", "image",
                "output_type", "image",
                "metadata", Map.of(),
                "value", Map.of("type", "image", "uri", "", "data", bytes));
    }
}
