package ai.nodetool.testserver.junit;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link NodeToolTestServer} per test class and injects it into test
 * and lifecycle method parameters. Before each test it disarms faults and forgets recordings, so
 * tests do not leak into each other.
 *
 * <p>Declaratively, configured by {@link Config} on the test class:
 * <pre>{@code
 * @ExtendWith(NodeToolTestServerExtension.class)
 * @NodeToolTestServerExtension.Config(generation = Generation.CURRENT)
 * class MyTest {
 *     @Test void lists(NodeToolTestServer server) { ... }
 * }
 * }</pre>
 * or programmatically: {@code @RegisterExtension static NodeToolTestServerExtension server =
 * new NodeToolTestServerExtension(b -> b.generation(Generation.CURRENT));} then {@code server.server()}.
 *
 * <p>The server is shared by the test methods of the class and stopped after the last one. Since
 * faults and recordings are reset before each test, test methods of one class should not run
 * concurrently (JUnit's default); classes may run in parallel, each with its own server.
 *
 * <p>To run a test against both generations, each time with a fresh server (and your own client
 * injected), use {@link BothGenerations} instead; do not combine the two in one class.
 *
 * @see BothGenerations
 */
public final class NodeToolTestServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    /** Configures the server the extension starts for an annotated test class. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Config {
        /**
         * The generation to play.
         *
         * @return the generation; default {@link Generation#LEGACY}
         */
        Generation generation() default Generation.LEGACY;

        /**
         * A Bearer token to require; empty for none.
         *
         * @return the token, or empty for no auth
         */
        String token() default "";
    }

    private final Consumer<NodeToolTestServer.Builder> customizer;
    private NodeToolTestServer server;

    /** Used by {@code @ExtendWith}: configuration comes from {@link Config}, else defaults. */
    public NodeToolTestServerExtension() {
        this(b -> {});
    }

    /**
     * For {@code @RegisterExtension}: {@code customizer} configures the builder.
     *
     * @param customizer applied to the builder before the server starts (after the {@link Config} values), not null
     */
    public NodeToolTestServerExtension(Consumer<NodeToolTestServer.Builder> customizer) {
        this.customizer = customizer;
    }

    /**
     * The running server.
     *
     * @return the server of the current test class
     * @throws IllegalStateException outside the test class's lifetime
     */
    public NodeToolTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the test server is not running");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        NodeToolTestServer.Builder builder = NodeToolTestServer.builder();
        context.getTestClass().map(c -> c.getAnnotation(Config.class)).ifPresent(config -> {
            builder.generation(config.generation());
            if (!config.token().isEmpty()) {
                builder.token(config.token());
            }
        });
        customizer.accept(builder);
        server = builder.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().faults().clear();
        server().clearRecordings();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == NodeToolTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }
}
