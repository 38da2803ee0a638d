package ai.nodetool.benchmarks.heavy;

import java.util.Locale;

/**
 * The heavy workloads, their measure (a rate, higher is better, or a time, lower is better), their
 * heap, and how many unmeasured warm-up iterations each client process runs first.
 */
enum Workload {
    WS_FIREHOSE("ws-firehose", Measure.RATE, "frames/s", "-Xmx512m", 1),
    THOUSAND_JOBS("ws-1000-jobs", Measure.TIME, "ms", "-Xmx512m", 2),
    WS_LARGE_BINARY("ws-large-binary", Measure.TIME, "ms", "-Xmx128m", 1),
    HTTP_LARGE_BASE64("http-large-base64", Measure.TIME, "ms", "-Xmx128m", 1),
    NDJSON("ndjson", Measure.RATE, "lines/s", "-Xmx512m", 1),
    SSE("sse", Measure.RATE, "events/s", "-Xmx512m", 1),
    COLD_START("cold-start", Measure.TIME, "ms", "-Xmx512m", 0);

    /** Whether a larger or a smaller figure is better. */
    enum Measure {
        RATE,
        TIME
    }

    private final String id;
    private final Measure measure;
    private final String unit;
    private final String heap;
    private final int warmups;

    Workload(String id, Measure measure, String unit, String heap, int warmups) {
        this.id = id;
        this.measure = measure;
        this.unit = unit;
        this.heap = heap;
        this.warmups = warmups;
    }

    String id() {
        return id;
    }

    Measure measure() {
        return measure;
    }

    String unit() {
        return unit;
    }

    /** The {@code -Xmx} of every Java client process of this workload. */
    String heap() {
        return heap;
    }

    int warmups() {
        return warmups;
    }

    /** The figure of one run in this workload's unit. */
    double figure(Run run) {
        return measure == Measure.RATE ? run.items() / (run.nanos() / 1e9) : run.nanos() / 1e6;
    }

    Run run(Contender contender, String legacyUrl, String currentUrl) throws Exception {
        switch (this) {
            case WS_FIREHOSE:
                return contender.wsFirehose(legacyUrl, currentUrl);
            case THOUSAND_JOBS:
                return contender.thousandJobs(legacyUrl, currentUrl);
            case WS_LARGE_BINARY:
                return contender.wsLargeBinary(legacyUrl, currentUrl);
            case HTTP_LARGE_BASE64:
                return contender.httpLargeBase64(legacyUrl, currentUrl);
            case NDJSON:
                return contender.ndjson(legacyUrl, currentUrl);
            case SSE:
                return contender.sse(legacyUrl, currentUrl);
            case COLD_START:
                return contender.coldRun(legacyUrl, currentUrl);
            default:
                throw new IllegalStateException(id);
        }
    }

    static Workload parse(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload: " + id);
    }
}
