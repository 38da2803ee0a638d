package ai.nodetool.testserver.junit;

import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects clients of your own type into {@link BothGenerations} and {@link OneGeneration} tests:
 * a parameter of type {@code T} (in the test method or in {@code @BeforeEach}/{@code @AfterEach}
 * methods) gets a client that the {@link ServerClientFactory} built for the invocation's server.
 * Within one invocation every such parameter gets the same client; after the invocation (after
 * {@code @AfterEach} methods) the factory closes it, before the server stops.
 *
 * <p>Register it programmatically:
 * <pre>{@code
 * @RegisterExtension
 * static final ServerClients<MyClient> clients =
 *         ServerClients.of(MyClient.class, server -> new MyClient(server.baseUrl()));
 * }</pre>
 * or declaratively, with a subclass that has a no-argument constructor:
 * <pre>{@code
 * public final class MyClients extends ServerClients<MyClient> {
 *     public MyClients() { super(MyClient.class, server -> new MyClient(server.baseUrl())); }
 * }
 *
 * @ExtendWith(MyClients.class)
 * class MyClientTest { ... }
 * }</pre>
 * Register one {@code ServerClients} per client type; two for the same parameter type make JUnit
 * report a conflict. Outside a generation invocation it resolves nothing.
 *
 * @param <T> the client type
 */
public class ServerClients<T> implements ParameterResolver {

    private final Class<T> type;
    private final ServerClientFactory<? extends T> factory;

    /**
     * For subclasses registered with {@code @ExtendWith}.
     *
     * @param type the parameter type to resolve, not null
     * @param factory builds a client of {@code type} for a started server, not null
     */
    protected ServerClients(Class<T> type, ServerClientFactory<? extends T> factory) {
        this.type = Objects.requireNonNull(type, "type");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Injects parameters of type {@code type} with clients built by {@code factory}.
     *
     * @param type the parameter type to resolve, not null
     * @param factory builds a client for a started server, not null
     * @param <T> the client type
     * @return the extension, for {@code @RegisterExtension}
     */
    public static <T> ServerClients<T> of(Class<T> type, ServerClientFactory<? extends T> factory) {
        return new ServerClients<>(type, factory);
    }

    /**
     * The type of parameter this extension resolves.
     *
     * @return the client type
     */
    public final Class<T> type() {
        return type;
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type
                && GenerationsExtension.invocation(extensionContext).isPresent();
    }

    @Override
    public final Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        GenerationsExtension.Invocation invocation = GenerationsExtension.invocation(extensionContext)
                .orElseThrow(() -> new ExtensionConfigurationException("no test server is running"));
        try {
            return invocation.client(this, factory);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionConfigurationException(
                    "cannot build a " + type.getName() + " for " + invocation.server, e);
        }
    }
}
