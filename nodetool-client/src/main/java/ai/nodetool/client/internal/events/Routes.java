package ai.nodetool.client.internal.events;

import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/** The low-cardinality form of a request URL, for events and metric tags: ids become {@code {id}}. */
public final class Routes {
    // Every literal path segment of the routes the SDK calls (Editor API, Worker API, SDK v1, storage, WebSocket
    // endpoints); any other segment is an id (a workflow, job, asset or file name) or a base-URL prefix.
    private static final Set<String> LITERALS = Set.of(
            "api",
            "sdk",
            "v1",
            "workflows",
            "workflow-interfaces",
            "interface",
            "node-types",
            "nodes",
            "metadata",
            "preflight",
            "capabilities",
            "jobs",
            "assets",
            "temporary",
            "storage",
            "temp",
            "sdk-inputs",
            "run",
            "stream",
            "public",
            "examples",
            "health",
            "ping",
            "ws",
            "predict",
            "download",
            "upload",
            "search",
            "cancel",
            "status");

    private Routes() {}

    /**
     * @param url a request URL
     * @return its path with every segment that is not a known route word replaced by {@code {id}}, e.g. {@code
     *     /api/workflows/{id}/run}
     */
    public static String route(HttpUrl url) {
        List<String> segments = url.pathSegments();
        StringBuilder b = new StringBuilder(32);
        for (String s : segments) {
            if (s.isEmpty()) {
                continue;
            }
            b.append('/').append(LITERALS.contains(s) ? s : "{id}");
        }
        if (segments.size() > 0 && segments.get(segments.size() - 1).isEmpty()) {
            b.append('/'); // Gen A's trailing slash (protocol-notes §4.4) is part of the route
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /**
     * @param url a request URL
     * @return scheme, host, port and path: no query (it may carry {@code api_key}) and no user info
     */
    public static String withoutQuery(HttpUrl url) {
        return url.newBuilder()
                .query(null)
                .fragment(null)
                .username("")
                .password("")
                .build()
                .toString();
    }

    /**
     * The workflow id of a run URL ({@code …/workflows/{id}/run}, {@code …/workflows/{id}/run/stream}): the segment
     * before the last {@code run}.
     *
     * @param url a run URL
     * @return the workflow id, or null when the URL has no such segment
     */
    public static String workflowOfRun(HttpUrl url) {
        List<String> segments = url.pathSegments();
        for (int i = segments.size() - 1; i > 0; i--) {
            if ("run".equals(segments.get(i))) {
                return segments.get(i - 1);
            }
        }
        return null;
    }
}
