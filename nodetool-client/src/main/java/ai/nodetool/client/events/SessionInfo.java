package ai.nodetool.client.events;

import java.util.Objects;

/**
 * One WebSocket session, as a {@link NodeToolEventListener} sees it: the same instance is passed to every event of
 * the session (identity).
 */
public final class SessionInfo {
    private final String url;
    private final long startNanos;

    /**
     * @param url the WebSocket URL without query string (the {@code api_key} never appears)
     * @param startNanos {@link System#nanoTime()} when the session started connecting
     */
    public SessionInfo(String url, long startNanos) {
        this.url = Objects.requireNonNull(url, "url");
        this.startNanos = startNanos;
    }

    /** @return the WebSocket URL first tried, without query string */
    public String url() {
        return url;
    }

    /** @return {@link System#nanoTime()} when the session started connecting */
    public long startNanos() {
        return startNanos;
    }

    @Override
    public String toString() {
        return "SessionInfo{" + url + "}";
    }
}
