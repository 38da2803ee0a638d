package ai.nodetool.benchmarks.heavy;

import ai.nodetool.testserver.Workloads;

/**
 * The heavy workloads of issue 15 as the test server offers them ({@link Workloads}, registered by
 * {@code NodeToolTestServer.registerHeavyWorkloads()} or the standalone server's
 * {@code --heavy-workloads}): the workflow ids and sizes every contender runs and checks. The
 * thousand-jobs workload runs the demo {@code greeting} workflow.
 */
public final class HeavyWorkloads {

    /** The firehose: WebSocket frames on Gen C, NDJSON lines and SSE events on Gen A. */
    public static final String FIREHOSE = Workloads.FIREHOSE;

    /** Messages of {@link #FIREHOSE}: 200,000 of 64-byte payloads. */
    public static final int FIREHOSE_FRAMES = Workloads.DEFAULT_FIREHOSE_COUNT;

    /** NDJSON lines and SSE events: the same firehose over HTTP. */
    public static final String STREAM = Workloads.FIREHOSE;

    /** Lines of {@link #STREAM}. */
    public static final int STREAM_LINES = Workloads.DEFAULT_FIREHOSE_COUNT;

    /** Concurrent jobs of the thousand-jobs workload. */
    public static final int JOBS = 1_000;

    /** One image output of {@link #LARGE_BYTES} bytes in the server's fixed pattern. */
    public static final String LARGE_BINARY = Workloads.LARGE_BINARY;

    /** 50 MiB. */
    public static final int LARGE_BYTES = Math.toIntExact(Workloads.DEFAULT_LARGE_BINARY_BYTES);

    private HeavyWorkloads() {}
}
