package ai.nodetool.testserver.junit;

import ai.nodetool.testserver.Generation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per server generation, each time against a freshly started
 * {@link ai.nodetool.testserver.NodeToolTestServer} playing that generation. The invocations are
 * reported as {@code [LEGACY]} and {@code [CURRENT]}, so a failure names the generation it failed on.
 *
 * <p>The test method (and {@code @BeforeEach}/{@code @AfterEach} methods) can declare parameters of
 * type {@link ai.nodetool.testserver.NodeToolTestServer} and {@link Generation}. Clients of your own
 * type are injected too when a {@link ServerClients} extension for that type is registered; they are
 * built from the started server and closed after the invocation, before the server stops.
 *
 * <pre>{@code
 * class MyClientTest {
 *     @RegisterExtension
 *     static final ServerClients<MyClient> clients = ServerClients.of(MyClient.class,
 *             server -> new MyClient(server.baseUrl()));
 *
 *     @BothGenerations
 *     void runsTheGreeting(MyClient client, Generation generation) {
 *         assertThat(client.run("greeting")).isEqualTo("Hello, World!");
 *     }
 *
 *     @BothGenerations(token = "s3cret", configure = NoPings.class)
 *     void needsAToken(NodeToolTestServer server) { ... }
 * }
 * }</pre>
 *
 * <p>By default every invocation gets its own server, stopped after the invocation (after
 * {@code @AfterEach} methods ran). With {@link #sharedServer()} the test class keeps one server per
 * generation (and configuration) for all its invocations and stops it after the class; faults and
 * recordings are then reset before each invocation. For one generation only, use {@link OneGeneration}.
 * Do not combine this annotation with {@link NodeToolTestServerExtension} on the same class: both
 * inject a {@code NodeToolTestServer}.
 *
 * @see OneGeneration
 * @see ServerClients
 * @see ServerConfigurer
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(GenerationsExtension.class)
public @interface BothGenerations {

    /**
     * A Bearer token the servers require; empty (the default) for no auth.
     *
     * @return the token, or empty for no auth
     */
    String token() default "";

    /**
     * Configurers applied, in order, to each server's builder before it starts, after the
     * generation and {@link #token()} are set. Each needs a no-argument constructor.
     *
     * @return the configurer classes; default none
     */
    Class<? extends ServerConfigurer>[] configure() default {};

    /**
     * Whether the invocations of the test class share one server per generation and configuration
     * (stopped after the class) instead of each starting its own. Faults and recordings are reset
     * before each invocation either way.
     *
     * @return true to share; default false
     */
    boolean sharedServer() default false;
}
