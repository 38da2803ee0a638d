package ai.nodetool.client.core;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A successful call's parsed value with what the HTTP response said around it: the status, the
 * headers and the request id. Returned by the {@code withRawResponse()} views of the services; the
 * value is parsed from the same response, so no second request is made. Immutable.
 *
 * @param <T> the parsed value's type ({@code Void} for calls without one, whose value is null)
 */
public final class RawResponse<T> {
    /** The header a current (Gen C) server stamps on every response (protocol-notes §2.2). */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final T value;

    /**
     * @param statusCode the HTTP status of the final response (after redirects and retries)
     * @param headers its headers, by name
     * @param value the parsed value, or null for calls without one
     */
    public RawResponse(int statusCode, Map<String, List<String>> headers, T value) {
        this.statusCode = statusCode;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.value = value;
    }

    /** @return the HTTP status, e.g. 200, 201 or 204 */
    public int statusCode() {
        return statusCode;
    }

    /** @return every header, by name (looked up case-insensitively), each with all its values */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name a header name, any case
     * @return its first value, if the response had it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @return the server's id of this request, from {@value #REQUEST_ID_HEADER}: current servers
     *     send it on every response (echoing the id the request carried, if any); legacy servers
     *     send none, so this is empty there (the other headers are still in {@link #headers()})
     */
    public Optional<String> requestId() {
        return header(REQUEST_ID_HEADER);
    }

    /** @return the parsed value, as the plain call returns it (null for calls without one) */
    public T value() {
        return value;
    }

    @Override
    public String toString() {
        return "RawResponse{status=" + statusCode + ", requestId=" + requestId().orElse("<none>") + ", value=" + value
                + "}";
    }
}
