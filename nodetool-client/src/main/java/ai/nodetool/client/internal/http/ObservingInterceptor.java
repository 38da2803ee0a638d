package ai.nodetool.client.internal.http;

import ai.nodetool.client.errors.AuthenticationException;
import ai.nodetool.client.errors.BadRequestException;
import ai.nodetool.client.errors.ConflictException;
import ai.nodetool.client.errors.InternalServerException;
import ai.nodetool.client.errors.NotFoundException;
import ai.nodetool.client.errors.PermissionDeniedException;
import ai.nodetool.client.errors.RateLimitException;
import ai.nodetool.client.errors.UnexpectedStatusException;
import ai.nodetool.client.errors.UnprocessableEntityException;
import ai.nodetool.client.events.CallInfo;
import ai.nodetool.client.events.NodeToolEventListener;
import ai.nodetool.client.internal.events.GuardedListener;
import ai.nodetool.client.internal.events.Routes;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The outermost application interceptor: reports each HTTP call to the event listener ({@code callStart}, then
 * {@code callEnd} with the final status or {@code callFailed}) and hands the call's {@link CallObservation} to
 * {@link RetryInterceptor} through a request tag, which reports each retry. A per-call listener is a request tag of
 * type {@link NodeToolEventListener}; without one the client's listener applies. When the listener is {@code NONE}
 * the call passes straight through. WebSocket upgrades are left to the session, which reports itself.
 */
final class ObservingInterceptor implements Interceptor {
    /** The documented logger of HTTP calls: one DEBUG line per call, one INFO line per retry. */
    static final String LOGGER = "ai.nodetool.client.http";

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final NodeToolEventListener clientListener;
    private final ErrorMapper errors;

    /**
     * @param clientListener the client's guarded listener
     * @param errors maps an I/O failure to the exception the application sees
     */
    ObservingInterceptor(NodeToolEventListener clientListener, ErrorMapper errors) {
        this.clientListener = clientListener;
        this.errors = errors;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        NodeToolEventListener perCall = request.tag(NodeToolEventListener.class);
        NodeToolEventListener listener = perCall != null ? GuardedListener.guard(perCall) : clientListener;
        if ("websocket".equalsIgnoreCase(request.header("Upgrade"))
                || (listener == NodeToolEventListener.NONE && !LOG.isLoggable(System.Logger.Level.DEBUG))) {
            return chain.proceed(request);
        }
        CallInfo call = new CallInfo(
                request.method(), Routes.withoutQuery(request.url()), Routes.route(request.url()), System.nanoTime());
        listener.callStart(call);
        Request tagged = request.newBuilder()
                .tag(CallObservation.class, new CallObservation(listener, call))
                .build();
        Response response;
        try {
            response = chain.proceed(tagged);
        } catch (IOException e) {
            RuntimeException mapped = errors.ioFailure(e, chain.call(), false);
            log(call, () -> "failed: " + mapped.getMessage());
            listener.callFailed(call, mapped);
            throw e;
        } catch (RuntimeException e) {
            log(call, () -> "failed: " + e);
            listener.callFailed(call, e);
            throw e;
        }
        int code = response.code();
        log(call, () -> Integer.toString(code));
        listener.callEnd(call, code, response.isSuccessful() ? null : errorType(code));
        return response;
    }

    private static void log(CallInfo call, java.util.function.Supplier<String> outcome) {
        LOG.log(
                System.Logger.Level.DEBUG,
                () -> call.method() + " " + call.url() + " -> " + outcome.get() + " ("
                        + (System.nanoTime() - call.startNanos()) / 1_000_000 + " ms)");
    }

    /** The exception {@link ErrorMapper#httpError} makes of a status, without reading the body. */
    static Class<? extends RuntimeException> errorType(int code) {
        switch (code) {
            case 400:
                return BadRequestException.class;
            case 401:
                return AuthenticationException.class;
            case 403:
                return PermissionDeniedException.class;
            case 404:
                return NotFoundException.class;
            case 409:
                return ConflictException.class;
            case 422:
                return UnprocessableEntityException.class;
            case 429:
                return RateLimitException.class;
            default:
                return code >= 500 && code <= 599 ? InternalServerException.class : UnexpectedStatusException.class;
        }
    }
}
