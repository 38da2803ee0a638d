package ai.nodetool.client.internal.http;

import java.io.IOException;
import java.util.Set;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor that keeps OkHttp from sending a non-idempotent request (a run, a create)
 * a second time on its own. OkHttp's follow-up rules ({@code RetryAndFollowUpInterceptor}, 5.x)
 * repeat the request unchanged on a {@code 503} with {@code Retry-After: 0}, whatever
 * {@code retryOnConnectionFailure} says; a {@code 408} and a failed pooled connection are already
 * off through {@code retryOnConnectionFailure(false)}. For such a request this moves the
 * {@code Retry-After} header of a {@code 503} aside while OkHttp decides, and
 * {@link #restore(Response)} (in the outermost application interceptor) puts it back, so the
 * caller's exception still carries it. Redirects (307/308, e.g. Gen A's slash redirect) are not
 * touched: the server did not process the redirected request.
 */
final class NoReplayGuard implements Interceptor {
    /** Methods that may be repeated; the same set {@link RetryInterceptor} retries. */
    static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private static final String HIDDEN = "X-NodeTool-Held-Retry-After";

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        if (response.code() != 503 || IDEMPOTENT.contains(chain.request().method())) {
            return response;
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter == null) {
            return response;
        }
        return response.newBuilder()
                .removeHeader("Retry-After")
                .header(HIDDEN, retryAfter)
                .build();
    }

    /**
     * @param response the final response of a call
     * @return it with a held {@code Retry-After} put back
     */
    static Response restore(Response response) {
        String held = response.header(HIDDEN);
        if (held == null) {
            return response;
        }
        return response.newBuilder()
                .removeHeader(HIDDEN)
                .header("Retry-After", held)
                .build();
    }
}
