package ai.nodetool.client.internal.http;

import ai.nodetool.client.core.ClientOptions;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where the configured server is: Editor and Worker API URLs resolved against base URLs that may
 * carry a path prefix, which URLs share their origin (only those get the token), the WebSocket
 * URLs to try, and the URL of an asset's URI. Immutable and thread-safe.
 */
public final class ServerUrls {
    private final HttpUrl base;
    private final HttpUrl worker;
    private final String webSocketUrl;

    /** @param options the client's options */
    public ServerUrls(ClientOptions options) {
        this(options.baseUrl(), options.workerUrl(), options.webSocketUrl().orElse(null));
    }

    /**
     * @param base the Editor API base URL
     * @param worker the Worker API base URL
     * @param webSocketUrl an explicit WebSocket URL, or null to derive it from the base URL
     */
    ServerUrls(HttpUrl base, HttpUrl worker, String webSocketUrl) {
        this.base = base;
        this.worker = worker;
        this.webSocketUrl = webSocketUrl;
    }

    /**
     * @param segments path segments (not encoded; each is one segment)
     * @return a builder for {@code baseUrl + segments}, keeping the base's path prefix
     */
    public HttpUrl.Builder editor(String... segments) {
        return resolve(base, segments);
    }

    /**
     * @param segments path segments
     * @return the Worker API URL {@code workerUrl + segments}
     */
    public HttpUrl worker(String... segments) {
        return resolve(worker, segments).build();
    }

    private static HttpUrl.Builder resolve(HttpUrl base, String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        List<String> existing = base.pathSegments();
        if (!existing.isEmpty() && existing.get(existing.size() - 1).isEmpty()) {
            // "https://host/nodetool/" ends with an empty segment; drop it so no "//" appears.
            b.removePathSegment(existing.size() - 1);
        }
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /**
     * @param url any URL
     * @return true when it has the scheme, host and port of the base or worker URL: only such
     *     requests carry the token (DESIGN.md section 4: auth only to the same origin)
     */
    public boolean isSameOrigin(HttpUrl url) {
        return sameOrigin(url, base) || sameOrigin(url, worker);
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    /**
     * @return the WebSocket URLs to try in order, as the http(s) URLs of their upgrade requests
     *     (OkHttp's HttpUrl only knows http and https): the configured one alone, else {@code /ws}
     *     then {@code /predict} under the base URL
     * @throws IllegalArgumentException if the configured WebSocket URL cannot be parsed
     */
    public List<HttpUrl> webSocketCandidates() {
        if (webSocketUrl == null) {
            return List.of(editor("ws").build(), editor("predict").build());
        }
        String u = webSocketUrl.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ws:")) {
            u = "http:" + u.substring(3);
        } else if (lower.startsWith("wss:")) {
            u = "https:" + u.substring(4);
        }
        HttpUrl parsed = HttpUrl.parse(u);
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "webSocketUrl must be a ws:// or wss:// URL, got '" + webSocketUrl + "'");
        }
        return List.of(parsed);
    }

    /**
     * @param uri an asset's URI: absolute http(s), or a path relative to the server
     * @return its URL, a relative one resolved against the base URL
     * @throws IllegalArgumentException for any other URI (e.g. {@code asset://}, which only the
     *     server can resolve)
     */
    public HttpUrl asset(String uri) {
        HttpUrl url = HttpUrl.parse(uri);
        if (url == null && uri.startsWith("/")) {
            url = base.resolve(uri);
        }
        if (url == null) {
            throw new IllegalArgumentException("cannot download an asset with URI '" + uri
                    + "': only inline content and http(s) URIs can be fetched");
        }
        return url;
    }
}
