package ai.nodetool.client.events;

/** How a run travels ({@link RunInfo#kind()}): a small, fixed set, fit for a metric tag. */
public enum RunKind {
    /** {@code workflows().run(...)}: the Editor API's blocking run. */
    EDITOR_RUN,
    /** {@code workflows().stream(...)}: the Editor API's NDJSON stream (or Gen C's single JSON answer to it). */
    EDITOR_STREAM,
    /** {@code worker().run(...)}: the Worker API's blocking run. */
    WORKER_RUN,
    /** {@code worker().stream(...)}: the Worker API's server-sent events. */
    WORKER_STREAM,
    /** {@code JobSession.runJob(...)}: a job on a WebSocket session. */
    WEBSOCKET;

    /** @return the kind's tag value, e.g. {@code editor_run} */
    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
