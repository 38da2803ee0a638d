package ai.nodetool.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.testserver.junit.BothGenerations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's cross-cutting behaviour: auth, injected HTTP faults, recording, headers, lifecycle. */
class ServerFacadeTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(NodeToolTestServer server, String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void legacyAuthAnswersFastApiStyle401s() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().token("s3cret").start()) {
            HttpResponse<String> missing = get(server, "/api/workflows/greeting");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).contains("\"detail\":\"Authorization header required.");
            assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

            HttpResponse<String> wrong = get(server, "/api/workflows/greeting", "Authorization", "Bearer nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Invalid");

            assertThat(get(server, "/health").statusCode()).isNotEqualTo(401);
            assertThat(get(server, "/api/workflows/greeting", "Authorization", "bearer s3cret")
                            .statusCode())
                    .isNotEqualTo(401);
        }
    }

    @Test
    void currentAuthAnswersErrorKeyAndKeepsPublicRoutesOpen() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .token("s3cret")
                .start()) {
            HttpResponse<String> missing = get(server, "/api/workflows");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
            assertThat(get(server, "/api/workflows/public").statusCode()).isNotEqualTo(401);
            assertThat(get(server, "/ready").statusCode()).isNotEqualTo(401);
        }
    }

    @BothGenerations
    void injectedFailuresCarryRetryAfterAndRunOut(NodeToolTestServer server) throws Exception {
        server.faults().failNext("GET", "/api/workflows/*", 2, 503, Duration.ofSeconds(3));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = get(server, "/api/workflows/greeting");
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(failed.body()).contains("\"detail\":\"Injected fault: HTTP 503\"");
        }
        assertThat(get(server, "/api/workflows/greeting").statusCode()).isNotEqualTo(503);
    }

    @Test
    void failuresMatchOnlyTheirMethodAndPath() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            server.faults().failNext("POST", "/api/workflows/greeting/run", 1, 500);
            assertThat(get(server, "/api/workflows/greeting/run").statusCode()).isNotEqualTo(500);
            server.faults().clear();
            assertThatThrownBy(() -> server.faults().failNext("GET", "/x", 0, 500))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void recordsRequestsWithHeadersAndBody() throws Exception {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/workflows/greeting/run?x=1"))
                            .header("X-Trace", "abc")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"params\":{}}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            RecordedRequest request = server.takeRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/workflows/greeting/run");
            assertThat(request.query()).isEqualTo("x=1");
            assertThat(request.header("x-trace")).isEqualTo("abc");
            assertThat(request.bodyUtf8()).isEqualTo("{\"params\":{}}");
            assertThat(server.requests()).hasSize(1);
            assertThat(server.takeRequest(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void currentGenerationStampsRequestIds() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start()) {
            HttpResponse<String> echoed = get(server, "/ready", "X-Request-Id", "req-42");
            assertThat(echoed.headers().firstValue("X-Request-Id")).hasValue("req-42");
            assertThat(get(server, "/ready").headers().firstValue("X-Request-Id"))
                    .isPresent();
        }
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            assertThat(get(server, "/health").headers().firstValue("X-Request-Id"))
                    .isEmpty();
        }
    }

    @Test
    void legacyWebSocketAuthFailureClosesWith1008() throws Exception {
        try (NodeToolTestServer server =
                NodeToolTestServer.builder().token("s3cret").start()) {
            CompletableFuture<Integer> closeCode = new CompletableFuture<>();
            http.newWebSocketBuilder()
                    .buildAsync(URI.create(server.webSocketUrl()), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                            closeCode.complete(statusCode);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            assertThat(closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        }
    }

    @Test
    void currentWebSocketAuthFailureIsA401Handshake() {
        try (NodeToolTestServer server = NodeToolTestServer.builder()
                .generation(Generation.CURRENT)
                .token("s3cret")
                .start()) {
            assertThatThrownBy(() -> http.newWebSocketBuilder()
                            .buildAsync(URI.create(server.webSocketUrl()), new WebSocket.Listener() {})
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause())
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(401));
        }
    }

    @Test
    void urlsFollowTheGeneration() {
        try (NodeToolTestServer legacy = NodeToolTestServer.start();
                NodeToolTestServer current = NodeToolTestServer.builder()
                        .generation(Generation.CURRENT)
                        .start()) {
            assertThat(legacy.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
            assertThat(legacy.webSocketUrl()).isEqualTo("ws://127.0.0.1:" + legacy.port() + "/predict");
            assertThat(current.webSocketUrl()).isEqualTo("ws://127.0.0.1:" + current.port() + "/ws");
            assertThat(legacy.generation()).isEqualTo(Generation.LEGACY);
        }
    }

    @Test
    void registersWorkflowsAndRejectsBadOnes() {
        try (NodeToolTestServer server = NodeToolTestServer.start()) {
            assertThat(server.registerWorkflow("{\"id\":\"mine\",\"name\":\"Mine\"}"))
                    .isEqualTo("mine");
            assertThatThrownBy(() -> server.registerWorkflow("{\"name\":\"no id\"}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("id");
            assertThatThrownBy(() -> server.registerWorkflow("{nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed");
        }
    }

    @Test
    void builderRejectsBadSettings() {
        assertThatThrownBy(() -> NodeToolTestServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeToolTestServer.builder().token(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeToolTestServer.builder().pingInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Generation.parse("b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Generation.parse("Current")).isEqualTo(Generation.CURRENT);
    }

    @Test
    void standaloneRejectsBadArgumentsWithUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"--generation", "b"},
                new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("legacy' or 'current'")
                .contains("usage:");
        assertThat(Main.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err)))
                .isZero();
    }

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        NodeToolTestServer server =
                NodeToolTestServer.builder().generation(Generation.CURRENT).start();
        get(server, "/ready");
        server.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !serverThreads().isEmpty()) {
            Thread.sleep(20);
        }
        assertThat(serverThreads()).isEmpty();
    }

    private static java.util.List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("nodetool-testserver-"))
                .toList();
    }
}
