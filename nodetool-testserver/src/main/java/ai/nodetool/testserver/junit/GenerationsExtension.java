package ai.nodetool.testserver.junit;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The engine behind {@link BothGenerations} and {@link OneGeneration}: one invocation per
 * generation, each with a server started before {@code @BeforeEach} methods and stopped after
 * {@code @AfterEach} methods (or shared per class), and the server's clients closed before it stops.
 */
final class GenerationsExtension implements TestTemplateInvocationContextProvider {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GenerationsExtension.class);
    private static final String INVOCATION = "invocation";

    /** What the annotation asks for. */
    record Settings(
            List<Generation> generations,
            String token,
            List<Class<? extends ServerConfigurer>> configurers,
            boolean sharedServer) {

        static Optional<Settings> of(Method method) {
            Optional<BothGenerations> both = AnnotationSupport.findAnnotation(method, BothGenerations.class);
            Optional<OneGeneration> one = AnnotationSupport.findAnnotation(method, OneGeneration.class);
            if (both.isPresent() && one.isPresent()) {
                throw new ExtensionConfigurationException(
                        "@BothGenerations and @OneGeneration cannot both annotate " + method);
            }
            return both.map(a -> new Settings(
                            List.of(Generation.LEGACY, Generation.CURRENT),
                            a.token(),
                            List.of(a.configure()),
                            a.sharedServer()))
                    .or(() -> one.map(a ->
                            new Settings(List.of(a.value()), a.token(), List.of(a.configure()), a.sharedServer())));
        }

        NodeToolTestServer start(Generation generation) {
            NodeToolTestServer.Builder builder = NodeToolTestServer.builder().generation(generation);
            if (!token.isEmpty()) {
                builder.token(token);
            }
            for (Class<? extends ServerConfigurer> type : configurers) {
                instantiate(type).configure(generation, builder);
            }
            return builder.start();
        }

        private static ServerConfigurer instantiate(Class<? extends ServerConfigurer> type) {
            try {
                Constructor<? extends ServerConfigurer> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                return constructor.newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException(
                        "cannot create " + type.getName() + ": a ServerConfigurer needs a no-argument constructor", e);
            }
        }
    }

    /** A server shared by the invocations of a test class; the class's store stops it. */
    private record SharedServer(NodeToolTestServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().flatMap(Settings::of).isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Settings settings = Settings.of(context.getRequiredTestMethod()).orElseThrow();
        return settings.generations().stream().map(generation -> new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return "[" + generation + "]";
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new PerInvocation(settings, generation));
            }
        });
    }

    /** The current invocation's server and clients, or empty outside a generation invocation. */
    static Optional<Invocation> invocation(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(INVOCATION, Invocation.class));
    }

    /** The server of one invocation and the clients built for it, closed in reverse order. */
    static final class Invocation {
        final Generation generation;
        final NodeToolTestServer server;
        private final boolean ownsServer;
        private final List<Object> clientKeys = new ArrayList<>();
        private final List<Object> clients = new ArrayList<>();
        private final List<AutoCloseable> closers = new ArrayList<>();

        Invocation(Generation generation, NodeToolTestServer server, boolean ownsServer) {
            this.generation = generation;
            this.server = server;
            this.ownsServer = ownsServer;
        }

        /** The client {@code key} stands for, built once per invocation. */
        synchronized <T> T client(Object key, ServerClientFactory<T> factory) throws Exception {
            int index = clientKeys.indexOf(key);
            if (index >= 0) {
                @SuppressWarnings("unchecked")
                T existing = (T) clients.get(index);
                return existing;
            }
            T client = factory.create(server);
            if (client == null) {
                throw new ExtensionConfigurationException("the client factory for " + key + " returned null");
            }
            clientKeys.add(key);
            clients.add(client);
            closers.add(() -> factory.close(client));
            return client;
        }

        synchronized void close() throws Exception {
            Exception failure = null;
            for (int i = closers.size() - 1; i >= 0; i--) {
                try {
                    closers.get(i).close();
                } catch (Exception e) {
                    failure = addTo(failure, e);
                }
            }
            closers.clear();
            clients.clear();
            clientKeys.clear();
            if (ownsServer) {
                try {
                    server.close();
                } catch (RuntimeException e) {
                    failure = addTo(failure, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        private static Exception addTo(Exception failure, Exception e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    /** Starts (or reuses) the server, injects it and its generation, and cleans up after the invocation. */
    private static final class PerInvocation implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
        private final Settings settings;
        private final Generation generation;

        PerInvocation(Settings settings, Generation generation) {
            this.settings = settings;
            this.generation = generation;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            Invocation invocation;
            if (settings.sharedServer()) {
                ExtensionContext classContext = context;
                while (classContext.getTestMethod().isPresent()
                        && classContext.getParent().isPresent()) {
                    classContext = classContext.getParent().get();
                }
                List<Object> key = Arrays.asList(generation, settings.token(), settings.configurers());
                NodeToolTestServer server = classContext
                        .getStore(NAMESPACE)
                        .computeIfAbsent(key, k -> new SharedServer(settings.start(generation)), SharedServer.class)
                        .server();
                server.faults().clear();
                server.clearRecordings();
                invocation = new Invocation(generation, server, false);
            } else {
                invocation = new Invocation(generation, settings.start(generation), true);
            }
            context.getStore(NAMESPACE).put(INVOCATION, invocation);
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            Invocation invocation = context.getStore(NAMESPACE).remove(INVOCATION, Invocation.class);
            if (invocation != null) {
                invocation.close();
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            Class<?> type = parameterContext.getParameter().getType();
            return type == NodeToolTestServer.class || type == Generation.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
            if (parameterContext.getParameter().getType() == Generation.class) {
                return generation;
            }
            return invocation(extensionContext)
                    .orElseThrow(() -> new ExtensionConfigurationException(
                            "no test server is running for " + extensionContext.getDisplayName()))
                    .server;
        }
    }
}
