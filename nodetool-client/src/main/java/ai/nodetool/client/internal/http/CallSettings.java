package ai.nodetool.client.internal.http;

import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * What a request's interceptors apply, carried as the request's tag so that per-call options and
 * views bound to another server reach the interceptors of the one shared OkHttp client: the token,
 * the headers, which URLs are the server the call is bound to (only those get either), and the
 * retry limit. A request without this tag gets the client's settings.
 *
 * @param token the current token, asked per attempt; may return null for none
 * @param headers the headers to add to requests to the bound server (the client's configured
 *     headers, if it is the client's own server, overlaid with the per-call ones)
 * @param sameOrigin which URLs belong to the bound server
 * @param maxRetries retries after the first attempt of an idempotent call
 */
record CallSettings(
        Supplier<String> token, Map<String, String> headers, Predicate<HttpUrl> sameOrigin, int maxRetries) {
    CallSettings {
        headers = Map.copyOf(headers);
    }
}
