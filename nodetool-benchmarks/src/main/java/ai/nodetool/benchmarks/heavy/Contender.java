package ai.nodetool.benchmarks.heavy;

/**
 * One client implementation of every heavy workload. Each method runs the workload once against the
 * servers at the two base URLs, checks what it received, and returns the measured {@link Run}; any
 * failure (a wrong or missing result, an exception) is thrown. A contender keeps its HTTP client for the
 * whole process, across the iterations; {@link #close()} lets it go.
 */
interface Contender extends AutoCloseable {

    /** Releases the contender's client (threads, pooled connections) at the end of the process. */
    @Override
    void close();

    /** One Gen C WebSocket job of {@link HeavyWorkloads#FIREHOSE_FRAMES} frames, unbounded demand. */
    Run wsFirehose(String legacyUrl, String currentUrl) throws Exception;

    /** {@link HeavyWorkloads#JOBS} concurrent greeting jobs on one Gen C WebSocket session, each checked. */
    Run thousandJobs(String legacyUrl, String currentUrl) throws Exception;

    /** The 50 MiB binary output over the Gen A WebSocket (MessagePack {@code bin}). */
    Run wsLargeBinary(String legacyUrl, String currentUrl) throws Exception;

    /** The 50 MiB binary output of a Gen A blocking run, a base64 {@code data:} URI in JSON. */
    Run httpLargeBase64(String legacyUrl, String currentUrl) throws Exception;

    /** The Gen A NDJSON firehose of {@link HeavyWorkloads#STREAM_LINES} lines. */
    Run ndjson(String legacyUrl, String currentUrl) throws Exception;

    /** The same firehose as Gen A worker SSE. */
    Run sse(String legacyUrl, String currentUrl) throws Exception;

    /** One blocking greeting run: the cold-start workload (timed from outside, as a whole process). */
    Run coldRun(String legacyUrl, String currentUrl) throws Exception;
}
