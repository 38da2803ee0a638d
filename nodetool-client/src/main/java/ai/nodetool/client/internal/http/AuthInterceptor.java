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
 * Adds the client's default headers and {@code Authorization: Bearer <token>} to every attempt.
 * The token supplier is asked on every attempt (so a rotated token is picked up by a retry); a
 * null or blank token sends no Authorization header at all. A header already on the request is
 * left alone.
 */
final class AuthInterceptor implements Interceptor {
    private final Supplier<String> token;
    private final Map<String, String> headers;
    private final String userAgent;
    private final Predicate<HttpUrl> sameOrigin;

    /**
     * @param token the current token, already trimmed; null when there is none
     * @param sameOrigin which URLs belong to the configured server(s): only those get the token and the
     *     extra headers, so a media URL on another host (a CDN, S3) never sees the credentials
     */
    AuthInterceptor(
            Supplier<String> token, Map<String, String> headers, String userAgent, Predicate<HttpUrl> sameOrigin) {
        this.token = token;
        this.headers = Map.copyOf(headers);
        this.userAgent = userAgent;
        this.sameOrigin = sameOrigin;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder b = request.newBuilder();
        if (request.header("User-Agent") == null) {
            b.header("User-Agent", userAgent);
        }
        if (!sameOrigin.test(request.url())) {
            return chain.proceed(b.build());
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (request.header(h.getKey()) == null) {
                b.header(h.getKey(), h.getValue());
            }
        }
        if (request.header("Authorization") == null) {
            String t = token.get();
            if (t != null) {
                b.header("Authorization", "Bearer " + t);
            }
        }
        return chain.proceed(b.build());
    }
}
