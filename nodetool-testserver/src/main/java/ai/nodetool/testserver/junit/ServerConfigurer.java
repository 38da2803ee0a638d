package ai.nodetool.testserver.junit;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;

/**
 * Configures the server that {@link BothGenerations} or {@link OneGeneration} starts, for options
 * the annotations do not offer, possibly depending on the generation. Implementations need a
 * no-argument constructor (a static nested class is fine).
 *
 * <pre>{@code
 * static final class QuickDetach implements ServerConfigurer {
 *     public void configure(Generation generation, NodeToolTestServer.Builder builder) {
 *         builder.pingInterval(Duration.ZERO);
 *         if (generation == Generation.CURRENT) {
 *             builder.jobDetachGrace(Duration.ofMillis(200));
 *         }
 *     }
 * }
 *
 * @BothGenerations(configure = QuickDetach.class)
 * void detaches(NodeToolTestServer server) { ... }
 * }</pre>
 *
 * <p>To arm faults before a client connects, arm them in a {@code @BeforeEach} method that takes the
 * server as a parameter: clients are built when the test method's parameters are resolved, after
 * {@code @BeforeEach} methods ran.
 */
@FunctionalInterface
public interface ServerConfigurer {

    /**
     * Configures the builder. The generation and the token are already set.
     *
     * @param generation the generation the server will play
     * @param builder the builder, not yet started
     */
    void configure(Generation generation, NodeToolTestServer.Builder builder);
}
