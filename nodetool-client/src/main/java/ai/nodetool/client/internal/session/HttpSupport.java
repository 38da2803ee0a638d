package ai.nodetool.client.internal.session;

import ai.nodetool.client.errors.NodeToolException;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The little the session needs from the client's HTTP plumbing: a client to open sockets with,
 * the current token for {@code ?api_key=}, and the client's error mapping and token scrubbing.
 * {@link DefaultJobSession#connect} adapts the client's caller to it, so no other class of the
 * session depends on the HTTP layer.
 */
interface HttpSupport {

    /** @return the OkHttp client (with the application's interceptors) to derive the socket's from */
    OkHttpClient okHttp();

    /** @return the current API token, or null */
    String token();

    /** @return {@code text} with any token removed, safe for exception messages */
    String scrub(String text);

    /** @return the exception for a refused upgrade's HTTP response (401, 403, 404, ...) */
    NodeToolException httpError(Response response);

    /** @return the exception for an I/O failure of {@code request} */
    NodeToolException ioError(IOException e, Request request);

    /** @return the client's guarded event listener ({@code NONE} when nobody listens) */
    default ai.nodetool.client.events.NodeToolEventListener events() {
        return ai.nodetool.client.events.NodeToolEventListener.NONE;
    }

    /** @return the client's wire log, or null when it is off */
    default ai.nodetool.client.internal.events.WireLog wire() {
        return null;
    }
}
