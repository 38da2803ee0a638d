package ai.nodetool.client.internal.http;

import java.net.SocketTimeoutException;

/**
 * A socket timeout that happened after the connection was established: while writing the request
 * or waiting for the response head. {@link ExchangePhaseInterceptor} rethrows OkHttp's
 * {@link SocketTimeoutException}s of that phase as this subclass, so that a timeout without it is
 * known, by its type, to come from connecting (TCP connect, TLS handshake, proxy tunnel). The JDK
 * and OkHttp throw the same plain {@code SocketTimeoutException} for both phases.
 */
final class ExchangeTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    ExchangeTimeoutException(SocketTimeoutException cause) {
        super(cause.getMessage());
        initCause(cause);
    }
}
