package ai.nodetool.testserver.junit;

import ai.nodetool.testserver.NodeToolTestServer;

/**
 * Builds a client of your own type for a started test server; see {@link ServerClients}.
 *
 * @param <T> the client type
 */
@FunctionalInterface
public interface ServerClientFactory<T> {

    /**
     * Builds a client for the server. Called at most once per test invocation and client type.
     *
     * @param server the started server; {@link NodeToolTestServer#generation()} tells which generation it plays
     * @return the client, not null
     * @throws Exception if the client cannot be built; the test then fails
     */
    T create(NodeToolTestServer server) throws Exception;

    /**
     * Releases a client after the test invocation, before the server stops. The default closes
     * {@link AutoCloseable} clients and ignores anything else.
     *
     * @param client a client this factory built
     * @throws Exception if closing fails; the test then fails
     */
    default void close(T client) throws Exception {
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
