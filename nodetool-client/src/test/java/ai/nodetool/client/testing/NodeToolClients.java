package ai.nodetool.client.testing;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.testserver.junit.ServerClients;
import java.time.Duration;

/**
 * Injects a {@link NodeToolClient} for the server of a {@code @BothGenerations}/{@code @OneGeneration}
 * test: no token (explicitly, so a {@code NODETOOL_API_TOKEN} in the environment cannot leak into
 * tests), no waiting between retries, a 30 s read timeout. Closed after the test, before the server.
 * Register with {@code @ExtendWith(NodeToolClients.class)}; tests that need other options build
 * their own client from the injected server with {@link #builderFor}.
 */
public final class NodeToolClients extends ServerClients<NodeToolClient> {

    public NodeToolClients() {
        super(NodeToolClient.class, server -> builderFor(server.baseUrl()).build());
    }

    /**
     * The builder behind the injected client.
     *
     * @param baseUrl the server's base URL
     * @return a builder with the test defaults
     */
    public static NodeToolClient.Builder builderFor(String baseUrl) {
        return NodeToolClient.builder()
                .baseUrl(baseUrl)
                .apiToken(null)
                .sleeper(delay -> {})
                .readTimeout(Duration.ofSeconds(30));
    }
}
