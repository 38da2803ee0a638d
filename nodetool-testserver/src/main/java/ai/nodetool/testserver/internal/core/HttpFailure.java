package ai.nodetool.testserver.internal.core;

import java.time.Duration;

/**
 * An armed HTTP fault: answer matching requests with {@code status} (and {@code Retry-After}).
 *
 * @param method upper-case method, or {@code *} for any
 * @param path an exact path, or a prefix ending in {@code *}
 * @param remaining how many more requests to fail
 * @param status the status to answer with
 * @param retryAfter the Retry-After to send, or null for none
 */
public record HttpFailure(String method, String path, int remaining, int status, Duration retryAfter) {

    boolean matches(String requestMethod, String requestPath) {
        boolean methodOk = "*".equals(method) || method.equalsIgnoreCase(requestMethod);
        boolean pathOk = path.endsWith("*")
                ? requestPath.startsWith(path.substring(0, path.length() - 1))
                : path.equals(requestPath);
        return methodOk && pathOk;
    }
}
