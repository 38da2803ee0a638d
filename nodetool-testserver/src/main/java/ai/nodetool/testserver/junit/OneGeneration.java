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
 * Like {@link BothGenerations}, for a test that only makes sense against one generation: runs the
 * test method once, against a freshly started server playing {@link #value()}, reported as
 * {@code [LEGACY]} or {@code [CURRENT]}, with the same injection ({@code NodeToolTestServer},
 * {@code Generation}, clients of a {@link ServerClients} extension) and the same options.
 *
 * <pre>{@code
 * @OneGeneration(Generation.CURRENT)
 * void readsTheEnvelope(NodeToolTestServer server, MyClient client) { ... }
 * }</pre>
 *
 * @see BothGenerations
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(GenerationsExtension.class)
public @interface OneGeneration {

    /**
     * The generation the server plays.
     *
     * @return the generation
     */
    Generation value();

    /**
     * A Bearer token the server requires; empty (the default) for no auth.
     *
     * @return the token, or empty for no auth
     */
    String token() default "";

    /**
     * Configurers applied, in order, to the server's builder before it starts. Each needs a
     * no-argument constructor.
     *
     * @return the configurer classes; default none
     */
    Class<? extends ServerConfigurer>[] configure() default {};

    /**
     * Whether the test class's invocations share the server; see {@link BothGenerations#sharedServer()}.
     *
     * @return true to share; default false
     */
    boolean sharedServer() default false;
}
