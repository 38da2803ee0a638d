package ai.nodetool.client;

import static ai.nodetool.client.Gen.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Unusable responses become typed exceptions that say what was wrong; nothing hangs. */
class BadInputMockTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private NodeToolClient client() {
        return NodeToolClient.builder()
                .baseUrl(server.url("/").toString())
                .maxRetries(0)
                .build();
    }

    @Test
    void malformedJson() {
        server.enqueue(json("{\"workflows\": [}"));
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("Malformed JSON")
                    .hasMessageContaining("/api/workflows");
        }
    }

    @Test
    void truncatedJsonDocument() {
        server.enqueue(json("{\"workflows\": [{\"id\": \"w1\""));
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("Truncated JSON");
        }
    }

    @Test
    void trailingGarbageAfterJson() {
        server.enqueue(json("{\"workflows\": [], \"next\": null} extra"));
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("Malformed JSON");
        }
    }

    @Test
    void wrongContentType() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "text/plain")
                .body("OK")
                .build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("expected JSON but got Content-Type text/plain")
                    .hasMessageContaining("'OK'");
        }
    }

    @Test
    void htmlPageWithStatus200() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "text/html; charset=utf-8")
                .body("<!doctype html><html><body>Login</body></html>")
                .build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().get("w"))
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("an HTML page");
        }
    }

    @Test
    void emptyBodyWithStatus200() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .build());
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().run("w", Map.of()))
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("empty response body");
        }
    }

    @Test
    void jsonOfTheWrongShape() {
        server.enqueue(json("[1, 2]"));
        server.enqueue(json("\"just a string\""));
        server.enqueue(json("{\"unexpected\": true}"));
        server.enqueue(json("{\"job_id\":\"j\",\"status\":\"running\",\"background\":true}"));
        try (NodeToolClient client = client()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("expected a workflow object");
            assertThatThrownBy(() -> client.workflows().get("w"))
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("expected a workflow object");
            assertThatThrownBy(() -> client.worker().run("w", Map.of()))
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("results");
            assertThatThrownBy(() -> client.workflows().run("w", Map.of()))
                    .isExactlyInstanceOf(NodeToolProtocolException.class)
                    .hasMessageContaining("non-final status 'running'");
        }
    }

    @Test
    void bodyShorterThanItsContentLength() throws Exception {
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 500\r\n\r\n{\"workflows\": [")) {
            try (NodeToolClient client =
                    NodeToolClient.builder().baseUrl(raw.url()).maxRetries(0).build()) {
                assertThatThrownBy(() -> client.workflows().list())
                        .isExactlyInstanceOf(NodeToolProtocolException.class)
                        .hasMessageContaining("response body truncated");
            }
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheReadTimeout() throws Exception {
        try (RawServer raw = new RawServer(null)) {
            try (NodeToolClient client = NodeToolClient.builder()
                    .baseUrl(raw.url())
                    .maxRetries(0)
                    .readTimeout(Duration.ofMillis(300))
                    .build()) {
                assertThatThrownBy(() -> client.workflows().list())
                        .isInstanceOfSatisfying(
                                NodeToolTimeoutException.class,
                                e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.READ))
                        .hasMessageContaining("read timed out");
            }
        }
    }

    @Test
    void aServerWhoseAcceptQueueIsFullHitsTheConnectTimeout() throws Exception {
        // A listening socket that never accepts, with its backlog filled: Linux then drops further
        // SYNs, so the client's connect cannot complete.
        try (java.net.ServerSocket listener =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(listener.getLocalSocketAddress(), 500);
                        fillers.add(s);
                    } catch (java.io.IOException full) {
                        s.close();
                        break;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(
                        fillers.size() < 8, "this OS does not stall connects to a full backlog");
                try (NodeToolClient client = NodeToolClient.builder()
                        .baseUrl("http://127.0.0.1:" + listener.getLocalPort())
                        .maxRetries(0)
                        .connectTimeout(Duration.ofMillis(300))
                        .readTimeout(Duration.ofSeconds(2))
                        .build()) {
                    assertThatThrownBy(() -> client.workflows().list())
                            .isInstanceOfSatisfying(
                                    NodeToolTimeoutException.class,
                                    e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.CONNECT))
                            .hasMessageContaining("connect timed out");
                }
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void cancellingRunAsyncAbortsTheHttpCall() throws Exception {
        try (RawServer raw = new RawServer(null)) {
            try (NodeToolClient client =
                    NodeToolClient.builder().baseUrl(raw.url()).build()) {
                CompletableFuture<?> future = client.workflows().runAsync("wf1", Map.of("x", 1));
                assertThat(raw.requestReceived.await(10, TimeUnit.SECONDS)).isTrue();

                assertThat(future.cancel(true)).isTrue();

                assertThat(raw.clientClosed.await(10, TimeUnit.SECONDS))
                        .as("server saw the client hang up")
                        .isTrue();
                assertThat(future).isCancelled();
            }
        }
    }

    @Test
    void unknownHostIsAnIoError() {
        try (NodeToolClient client = NodeToolClient.builder()
                .baseUrl("http://no-such-host.invalid/")
                .maxRetries(0)
                .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolIOException.class)
                    .hasMessageContaining("no-such-host.invalid");
        }
    }
}
