package ai.nodetool.client.events;

import java.util.Objects;

/**
 * One HTTP call, as a {@link NodeToolEventListener} sees it: the same instance is passed to every event of the call,
 * so a listener may use it as a key (identity; it does not override {@code equals}).
 *
 * <p>Nothing here carries a secret: the URL has no query string and no user info.
 */
public final class CallInfo {
    private final String method;
    private final String url;
    private final String route;
    private final long startNanos;

    /**
     * @param method the HTTP method
     * @param url scheme, host, port and path, without query or user info
     * @param route the path with every id replaced by {@code {id}} (low cardinality, for metric tags)
     * @param startNanos {@link System#nanoTime()} when the call started
     */
    public CallInfo(String method, String url, String route, long startNanos) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.route = Objects.requireNonNull(route, "route");
        this.startNanos = startNanos;
    }

    /** @return the HTTP method, e.g. {@code GET} */
    public String method() {
        return method;
    }

    /** @return scheme, host, port and path of the request, without query string or user info */
    public String url() {
        return url;
    }

    /**
     * @return the path with each id segment replaced by {@code {id}}, e.g. {@code /api/workflows/{id}/run}: a
     *     bounded set of values, fit for a metric tag
     */
    public String route() {
        return route;
    }

    /** @return {@link System#nanoTime()} when the call started, to measure its duration */
    public long startNanos() {
        return startNanos;
    }

    @Override
    public String toString() {
        return "CallInfo{" + method + " " + url + "}";
    }
}
