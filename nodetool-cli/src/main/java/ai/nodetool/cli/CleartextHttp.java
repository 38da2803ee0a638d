package ai.nodetool.cli;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.ClientOptions;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * For a server at an {@code http://} URL (the default, and what a local NodeTool serves): an OkHttp
 * client without TLS. OkHttp sets up TLS when a client is built (the JDK's trust store and an
 * {@code SSLContext}), which is a large share of a short command's start-up time; a client limited to
 * cleartext skips it (docs/cli.md, "Start-up time"). The SDK leaves a client it was given open, so the
 * tool releases it after the command.
 */
final class CleartextHttp {
    private CleartextHttp() {}

    /**
     * Gives {@code builder} a cleartext-only OkHttp client, with the SDK's default timeouts (a supplied
     * client otherwise keeps OkHttp's own).
     *
     * @return the client, for {@link #release}
     */
    static OkHttpClient configure(NodeToolClient.Builder builder) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .build();
        builder.httpClient(http)
                .connectTimeout(ClientOptions.DEFAULT_CONNECT_TIMEOUT)
                .readTimeout(ClientOptions.DEFAULT_READ_TIMEOUT)
                .writeTimeout(ClientOptions.DEFAULT_WRITE_TIMEOUT);
        return http;
    }

    /** Stops the client's dispatcher threads and closes its idle connections. */
    static void release(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
