package ai.nodetool.testserver.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.nodetool.testserver.Generation;
import ai.nodetool.testserver.NodeToolTestServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs small test classes (the static nested fixtures, which Surefire does not pick up on its own)
 * through the JUnit launcher and checks what {@link BothGenerations}, {@link OneGeneration} and
 * {@link ServerClients} did and what JUnit reported.
 */
class GenerationsExtensionTest {

    /** Set while {@link #run} runs a fixture, so a fixture started by an IDE on its own skips itself. */
    static volatile boolean launched;

    static final List<String> events = new CopyOnWriteArrayList<>();
    static final List<NodeToolTestServer> servers = new CopyOnWriteArrayList<>();

    /** One finished test: display name, status and failure. */
    record Outcome(String displayName, TestExecutionResult.Status status, Throwable failure) {}

    static List<Outcome> run(Class<?> fixture) {
        events.clear();
        servers.clear();
        List<Outcome> outcomes = new ArrayList<>();
        launched = true;
        try {
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(fixture))
                                    .build(),
                            new TestExecutionListener() {
                                @Override
                                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                    if (id.isTest()) {
                                        outcomes.add(new Outcome(
                                                id.getDisplayName(),
                                                result.getStatus(),
                                                result.getThrowable().orElse(null)));
                                    } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                        outcomes.add(new Outcome(
                                                id.getDisplayName(),
                                                result.getStatus(),
                                                result.getThrowable().orElse(null)));
                                    }
                                }
                            });
        } finally {
            launched = false;
        }
        return outcomes;
    }

    static void assumeLaunched() {
        Assumptions.assumeTrue(launched, "a fixture of GenerationsExtensionTest");
    }

    static boolean accepts(NodeToolTestServer server) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    static int status(String url) throws IOException {
        return status(url, null);
    }

    static int status(String url, String token) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (token != null) {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    // ---------------------------------------------------------------------------------------------

    static class BothFixture {
        @BeforeEach
        void before(NodeToolTestServer server, Generation generation) {
            assumeLaunched();
            events.add("before " + generation + " " + server.generation());
        }

        @BothGenerations
        void test(NodeToolTestServer server, Generation generation) {
            servers.add(server);
            assertThat(accepts(server)).isTrue();
            events.add("test " + generation + " " + server.generation() + " " + server.webSocketUrl());
        }

        @AfterEach
        void after(NodeToolTestServer server) {
            events.add("after " + server.generation() + " running=" + accepts(server));
        }
    }

    @Test
    void runsOncePerGenerationWithAFreshServerThatStopsAfterTheInvocation() {
        List<Outcome> outcomes = run(BothFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::displayName, Outcome::status)
                .containsExactly(
                        tuple("[LEGACY]", TestExecutionResult.Status.SUCCESSFUL),
                        tuple("[CURRENT]", TestExecutionResult.Status.SUCCESSFUL));
        assertThat(events)
                .containsExactly(
                        "before LEGACY LEGACY",
                        "test LEGACY LEGACY " + servers.get(0).webSocketUrl(),
                        "after LEGACY running=true",
                        "before CURRENT CURRENT",
                        "test CURRENT CURRENT " + servers.get(1).webSocketUrl(),
                        "after CURRENT running=true");
        assertThat(servers.get(0).webSocketUrl()).endsWith("/predict");
        assertThat(servers.get(1).webSocketUrl()).endsWith("/ws");
        assertThat(servers).noneMatch(GenerationsExtensionTest::accepts);
    }

    static class FailsOnCurrentFixture {
        @BothGenerations
        void test(Generation generation) {
            assumeLaunched();
            assertThat(generation).as("generation").isEqualTo(Generation.LEGACY);
        }
    }

    @Test
    void reportsAFailureForTheGenerationItFailedOn() {
        List<Outcome> outcomes = run(FailsOnCurrentFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::displayName, Outcome::status)
                .containsExactly(
                        tuple("[LEGACY]", TestExecutionResult.Status.SUCCESSFUL),
                        tuple("[CURRENT]", TestExecutionResult.Status.FAILED));
        assertThat(outcomes.get(1).failure()).isInstanceOf(AssertionError.class).hasMessageContaining("generation");
    }

    /** A client of the user's own type. */
    static final class FakeClient implements AutoCloseable {
        final NodeToolTestServer server;
        boolean serverRunningAtClose;
        boolean closed;

        FakeClient(NodeToolTestServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            serverRunningAtClose = accepts(server);
            closed = true;
            events.add("close client " + server.generation());
        }
    }

    static final Map<Generation, FakeClient> clients = new ConcurrentHashMap<>();

    static class ClientFixture {
        @RegisterExtension
        static final ServerClients<FakeClient> fakeClients = ServerClients.of(FakeClient.class, FakeClient::new);

        FakeClient fromBeforeEach;

        @BeforeEach
        void before(FakeClient client) {
            assumeLaunched();
            fromBeforeEach = client;
        }

        @BothGenerations
        void test(FakeClient client, NodeToolTestServer server, Generation generation) {
            assertThat(client).isSameAs(fromBeforeEach);
            assertThat(client.server).isSameAs(server);
            assertThat(client.closed).isFalse();
            clients.put(generation, client);
            servers.add(server);
        }
    }

    @Test
    void injectsAClientOfTheUsersTypeAndClosesItBeforeTheServer() {
        clients.clear();
        List<Outcome> outcomes = run(ClientFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::status)
                .containsOnly(TestExecutionResult.Status.SUCCESSFUL)
                .hasSize(2);
        assertThat(clients.get(Generation.LEGACY).server.generation()).isEqualTo(Generation.LEGACY);
        assertThat(clients.get(Generation.CURRENT).server.generation()).isEqualTo(Generation.CURRENT);
        assertThat(clients.values()).allSatisfy(client -> {
            assertThat(client.closed).isTrue();
            assertThat(client.serverRunningAtClose).isTrue();
        });
        assertThat(events).containsExactly("close client LEGACY", "close client CURRENT");
        assertThat(servers).noneMatch(GenerationsExtensionTest::accepts);
    }

    /** A declarative registration, as a user's shared test code would ship it. */
    public static final class FakeClients extends ServerClients<FakeClient> {
        public FakeClients() {
            super(FakeClient.class, FakeClient::new);
        }
    }

    @ExtendWith(FakeClients.class)
    static class DeclarativeClientFixture {
        @OneGeneration(Generation.CURRENT)
        void test(FakeClient client) {
            assumeLaunched();
            clients.put(client.server.generation(), client);
        }
    }

    @Test
    void aServerClientsSubclassCanBeRegisteredWithExtendWith() {
        clients.clear();
        List<Outcome> outcomes = run(DeclarativeClientFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::displayName, Outcome::status)
                .containsExactly(tuple("[CURRENT]", TestExecutionResult.Status.SUCCESSFUL));
        assertThat(clients).containsOnlyKeys(Generation.CURRENT);
        assertThat(clients.get(Generation.CURRENT).closed).isTrue();
    }

    /** Generation-specific configuration. */
    static final class NoDemoWorkflowsOnCurrent implements ServerConfigurer {
        @Override
        public void configure(Generation generation, NodeToolTestServer.Builder builder) {
            events.add("configure " + generation);
            builder.demoWorkflows(generation != Generation.CURRENT);
        }
    }

    static class OptionsFixture {
        @BothGenerations(token = "s3cret", configure = NoDemoWorkflowsOnCurrent.class)
        void test(NodeToolTestServer server, Generation generation) throws IOException {
            assumeLaunched();
            String list = server.baseUrl() + (generation == Generation.LEGACY ? "/api/workflows/" : "/api/workflows");
            events.add(generation + " without token " + status(list));
            events.add(generation + " greeting " + status(server.baseUrl() + "/api/workflows/greeting", "s3cret"));
        }
    }

    @Test
    void appliesTheTokenAndTheConfigurersPerGeneration() {
        List<Outcome> outcomes = run(OptionsFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::status)
                .containsOnly(TestExecutionResult.Status.SUCCESSFUL)
                .hasSize(2);
        assertThat(events)
                .containsExactly(
                        "configure LEGACY",
                        "LEGACY without token 401",
                        "LEGACY greeting 200",
                        "configure CURRENT",
                        "CURRENT without token 401",
                        "CURRENT greeting 404");
    }

    static class SharedFixture {
        @BeforeEach
        void before() {
            assumeLaunched();
        }

        @BothGenerations(sharedServer = true)
        void first(NodeToolTestServer server) {
            servers.add(server);
            server.faults().failNext("GET", "/anything", 1, 503);
            server.registerWorkflow(
                    Map.of("id", "kept", "name", "Kept", "graph", Map.of("nodes", List.of(), "edges", List.of())));
        }

        @BothGenerations(sharedServer = true)
        void second(NodeToolTestServer server) throws IOException {
            servers.add(server);
            assertThat(server.requests()).as("recordings reset").isEmpty();
            assertThat(status(server.baseUrl() + "/anything"))
                    .as("faults reset")
                    .isNotEqualTo(503);
        }
    }

    @Test
    void aSharedServerServesEveryInvocationOfItsGenerationAndStopsAfterTheClass() {
        List<Outcome> outcomes = run(SharedFixture.class);

        assertThat(outcomes)
                .extracting(Outcome::status)
                .containsOnly(TestExecutionResult.Status.SUCCESSFUL)
                .hasSize(4);
        assertThat(servers)
                .hasSize(4)
                .extracting(NodeToolTestServer::generation)
                .containsExactlyInAnyOrder(
                        Generation.LEGACY, Generation.LEGACY, Generation.CURRENT, Generation.CURRENT);
        assertThat(servers.stream().distinct().count()).isEqualTo(2);
        assertThat(servers).noneMatch(GenerationsExtensionTest::accepts);
    }

    static class BothAnnotationsFixture {
        @BothGenerations
        @OneGeneration(Generation.LEGACY)
        void test() {}
    }

    @Test
    void refusesBothAnnotationsOnOneMethod() {
        List<Outcome> outcomes = run(BothAnnotationsFixture.class);

        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).status()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(outcomes.get(0).failure()).hasMessageContaining("cannot both annotate");
    }

    @Test
    void serverClientsKnowsItsTypeAndRefusesNull() {
        ServerClients<FakeClient> extension = ServerClients.of(FakeClient.class, FakeClient::new);
        assertThat(extension.type()).isEqualTo(FakeClient.class);
        assertThatThrownBy(() -> ServerClients.of(null, FakeClient::new)).isInstanceOf(NullPointerException.class);
    }
}
