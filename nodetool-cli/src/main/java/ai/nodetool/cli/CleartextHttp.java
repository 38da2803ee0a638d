package ai.nodetool.cli;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.core.ClientOptions;
import java.security.Security;
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

    /**
     * Leaves this process with the first configured security provider only (the JDK's {@code SUN}, unless
     * the installation says otherwise), for a command that never uses TLS. OkHttp asks for the list of
     * security providers when its first client is built (to look for Conscrypt or Bouncy Castle), which
     * instantiates every provider the JDK configures, twelve on Java 25, the elliptic-curve and cipher
     * providers among the largest: about a fifth of a short command's CPU time. A cleartext client
     * needs none of them; the first provider still gives {@code SecureRandom} and message digests.
     *
     * <p>Process-wide and effective only before anything has loaded the providers, so only
     * {@link NodeToolCli#main} asks for it (a program or test that calls {@link NodeToolCli#run} keeps
     * its providers). Configured entries are pointed at the first one, and the JDK ignores duplicates.
     */
    static void firstSecurityProviderOnly() {
        String first = Security.getProperty("security.provider.1");
        if (first == null || first.isBlank()) {
            return;
        }
        for (int i = 2; Security.getProperty("security.provider." + i) != null; i++) {
            Security.setProperty("security.provider." + i, first);
        }
    }

    /** Stops the client's dispatcher threads and closes its idle connections. */
    static void release(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
