package ai.nodetool.client.internal.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A network interceptor: OkHttp calls it only once a connection is established, so a
 * {@link SocketTimeoutException} that passes through it came from the exchange, not from
 * connecting. It marks such a timeout as an {@link ExchangeTimeoutException} (a subclass, so
 * OkHttp's own recovery rules, which test for {@code SocketTimeoutException}, still apply), and
 * leaves everything else alone.
 */
final class ExchangePhaseInterceptor implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            return chain.proceed(chain.request());
        } catch (ExchangeTimeoutException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw new ExchangeTimeoutException(e);
        }
    }

    /**
     * @param e a failure of a call made through an OkHttp client carrying this interceptor
     * @return true when it is a timeout of connecting (TCP, TLS, proxy), before any exchange
     */
    static boolean isConnectTimeout(IOException e) {
        return e instanceof SocketTimeoutException && !(e instanceof ExchangeTimeoutException);
    }
}
