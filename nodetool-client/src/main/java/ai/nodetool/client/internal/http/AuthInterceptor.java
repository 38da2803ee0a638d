package ai.nodetool.client.internal.http;

import java.io.IOException;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A network interceptor: adds the client's configured headers and {@code Authorization: Bearer
 * <token>} to every network request to the configured server's origin, and to nothing else. It
 * runs once per network request, so a redirect is judged by its own target: one that leaves the
 * origin carries neither the token nor the configured headers (OkHttp itself drops only
 * {@code Authorization} on a cross-host redirect, and only one the application set). The token
 * supplier is asked on every attempt (so a rotated token is picked up by a retry); a null or blank
 * token sends no Authorization header at all. A header already on the request is left alone.
 * A request tagged with {@link CallSettings} (per-call options, a view bound to another server)
 * gets the tag's token, headers and origin instead of the client's.
 */
final class AuthInterceptor implements Interceptor {
    private final Supplier<String> token;
    private final Map<String, String> headers;
    private final Predicate<HttpUrl> sameOrigin;
    private final boolean upgradesOnly;

    /**
     * @param token the current token, already trimmed; null when there is none
     * @param headers the configured extra headers
     * @param sameOrigin which URLs belong to the configured server(s): only those get the token and the
     *     extra headers, so a media URL on another host (a CDN, S3) never sees the credentials
     * @param upgradesOnly true for the application-level instance, which serves only WebSocket
     *     upgrades (OkHttp skips network interceptors for those); false for the network-level one,
     *     which serves every other request
     */
    AuthInterceptor(
            Supplier<String> token, Map<String, String> headers, Predicate<HttpUrl> sameOrigin, boolean upgradesOnly) {
        this.token = token;
        this.upgradesOnly = upgradesOnly;
        this.headers = Map.copyOf(headers);
        this.sameOrigin = sameOrigin;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (upgradesOnly != "websocket".equalsIgnoreCase(request.header("Upgrade"))) {
            // OkHttp runs no network interceptor for a WebSocket call: the upgrade is served by
            // the application-level instance, every other request by the network-level one.
            return chain.proceed(request);
        }
        CallSettings perCall = request.tag(CallSettings.class);
        Predicate<HttpUrl> origin = perCall == null ? sameOrigin : perCall.sameOrigin();
        if (!origin.test(request.url())) {
            return chain.proceed(request);
        }
        Request.Builder b = request.newBuilder();
        for (Map.Entry<String, String> h : (perCall == null ? headers : perCall.headers()).entrySet()) {
            if (request.header(h.getKey()) == null) {
                b.header(h.getKey(), h.getValue());
            }
        }
        if (request.header("Authorization") == null) {
            String t = perCall == null ? token.get() : perCall.token().get();
            if (t != null && !t.isBlank()) {
                b.header("Authorization", "Bearer " + t);
            }
        }
        return chain.proceed(b.build());
    }
}
