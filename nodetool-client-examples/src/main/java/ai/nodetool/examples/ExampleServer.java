package ai.nodetool.examples;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.testserver.NodeToolTestServer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server an example talks to: a real NodeTool server when {@code NODETOOL_API_URL} is set
 * (with {@code NODETOOL_API_TOKEN} if it needs one), otherwise an embedded
 * {@link NodeToolTestServer} started on a free loopback port, with its demo workflows
 * ({@link ai.nodetool.testserver.DemoWorkflowIds}).
 *
 * <pre>{@code
 * try (ExampleServer server = ExampleServer.start()) {
 *     new ListWorkflows().run(System.out, server.client());
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the client and stops the embedded server (all their threads are
 * daemon threads, so a program that forgets it still exits). Not thread-safe to close twice
 * concurrently; the client itself is thread-safe.
 */
public final class ExampleServer implements AutoCloseable {
    /** Environment variable (or system property) naming a real server's base URL. */
    public static final String URL_VARIABLE = "NODETOOL_API_URL";

    private final NodeToolTestServer embedded;
    private final NodeToolClient client;

    private ExampleServer(NodeToolTestServer embedded, NodeToolClient client) {
        this.embedded = embedded;
        this.client = client;
    }

    /**
     * Connects to {@code NODETOOL_API_URL} if set (environment variable or system property),
     * else starts the embedded test server.
     *
     * @return the server and its client; close it when done
     */
    public static ExampleServer start() {
        return start(System::getenv);
    }

    /**
     * Like {@link #start()} with an explicit environment lookup (tests pass their own).
     *
     * @param env environment variable lookup
     * @return the server and its client
     */
    public static ExampleServer start(Function<String, String> env) {
        String url = System.getProperty(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            url = env.apply(URL_VARIABLE);
        }
        if (url != null && !url.isBlank()) {
            // fromEnv-like: the builder reads NODETOOL_API_TOKEN itself when no token is given.
            String token = env.apply("NODETOOL_API_TOKEN");
            NodeToolClient.Builder builder = NodeToolClient.builder().baseUrl(url.trim());
            if (token != null && !token.isBlank()) {
                builder.apiToken(token.trim());
            }
            return new ExampleServer(null, builder.build());
        }
        return embedded(NodeToolTestServer.start());
    }

    /**
     * Wraps an already running test server (it is stopped by {@link #close()}).
     *
     * @param server the test server
     * @return the server and a client for it
     */
    public static ExampleServer embedded(NodeToolTestServer server) {
        Objects.requireNonNull(server, "server");
        NodeToolClient client = NodeToolClient.builder()
                .baseUrl(server.baseUrl())
                // the embedded server needs no token; never send one taken from the environment
                .apiToken(null)
                .build();
        return new ExampleServer(server, client);
    }

    /** @return the client for this server (closed by {@link #close()}) */
    public NodeToolClient client() {
        return client;
    }

    /** @return the embedded test server, or empty when talking to a real server */
    public Optional<NodeToolTestServer> testServer() {
        return Optional.ofNullable(embedded);
    }

    /** @return true when the embedded test server is used */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** @return a sentence saying which server is used, e.g. for the first line of an example */
    public String describe() {
        return embedded != null
                ? "Started the embedded NodeTool test server at " + embedded.baseUrl() + " (set " + URL_VARIABLE
                        + " to use a real server)."
                : "Using the NodeTool server at " + client.baseUrl()
                        + (client.hasToken() ? " with the token from NODETOOL_API_TOKEN." : ".");
    }

    /** Closes the client, then stops the embedded server if there is one. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
