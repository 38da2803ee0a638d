package ai.nodetool.client.events;

import java.util.Objects;

/**
 * One run (a blocking run, a streamed run or a WebSocket job), as a {@link NodeToolEventListener} sees it: the
 * same instance is passed to every event of the run, so a listener may use it as a key (identity).
 */
public final class RunInfo {
    private final RunKind kind;
    private final String workflowId;
    private final long startNanos;
    private volatile String jobId;

    /**
     * @param kind how the run travels
     * @param workflowId the workflow, or null when not known
     * @param jobId the job id, or null until the server names it
     * @param startNanos {@link System#nanoTime()} when the run started
     */
    public RunInfo(RunKind kind, String workflowId, String jobId, long startNanos) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.workflowId = workflowId;
        this.jobId = jobId;
        this.startNanos = startNanos;
    }

    /** @return how the run travels */
    public RunKind kind() {
        return kind;
    }

    /**
     * @return the workflow id, or null when not known. Unbounded in number: a metric tag only when the
     *     application opts in
     */
    public String workflowId() {
        return workflowId;
    }

    /**
     * @return the job id: the one the client sent (WebSocket) or the first one the server reported (HTTP); null
     *     until known
     */
    public String jobId() {
        return jobId;
    }

    /**
     * Records the job id once the server reported it (SDK-internal; a listener has no reason to call it).
     *
     * @param id the job id
     */
    public void jobId(String id) {
        if (id != null) {
            this.jobId = id;
        }
    }

    /** @return {@link System#nanoTime()} when the run started, to measure its duration */
    public long startNanos() {
        return startNanos;
    }

    @Override
    public String toString() {
        return "RunInfo{" + kind + ", workflowId=" + workflowId + ", jobId=" + jobId + "}";
    }
}
