package ai.nodetool.testserver.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.nodetool.testserver.NodeToolTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test server against hostile clients on raw sockets (issue 14): a connection that sends
 * nothing, half a head or half a body is let go within its timeout; connections over the cap and
 * request bodies over the budgets are refused one by one; recordings stay bounded. After every
 * case the server still answers a normal request.
 */
@Timeout(60)
class HostileClientServerTest {
    private NodeToolTestServer server;

    private NodeToolTestServer start(NodeToolTestServer.Builder builder) {
        server = builder.start();
        return server;
    }

    @AfterEach
    void healthyAfterwards() throws IOException {
        if (server == null) {
            return;
        }
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().status())
                    .as("server still answers")
                    .isEqualTo(200);
        } finally {
            server.close();
        }
    }

    private static NodeToolTestServer.Builder quick() {
        return NodeToolTestServer.builder()
                .requestTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        start(quick());
        try (RawClient client = new RawClient(server.port())) {
            long start = System.nanoTime();
            assertThat(client.serverClosed()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(8_000);
        }
    }

    @Test
    void aHeadThatStopsHalfwayGets408() throws IOException {
        start(quick());
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow:");
            assertThat(client.readResponse().status()).isEqualTo(408);
            assertThat(client.serverClosed()).isTrue();
        }
    }

    @Test
    void aHeadTrickledByteByByteGets408WhenItsTimeIsUp() throws Exception {
        start(quick());
        try (RawClient client = new RawClient(server.port())) {
            String head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n";
            for (int i = 0; i < head.length(); i++) {
                try {
                    client.send(head.substring(i, i + 1));
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(20); // 20 ms per byte: the whole head takes ~5 s, the limit is 0.5 s
                if (client.socket.getInputStream().available() > 0) {
                    break;
                }
            }
            assertThat(client.readResponse().status()).isEqualTo(408);
        }
    }

    @Test
    void aBodyThatStopsHalfwayGets408() throws IOException {
        start(quick());
        try (RawClient client = new RawClient(server.port())) {
            client.send("POST /api/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"name\":");
            assertThat(client.readResponse().status()).isEqualTo(408);
        }
    }

    @Test
    void connectionsOverTheCapAreAnswered503AndTheCountComesBackDown() throws Exception {
        start(NodeToolTestServer.builder().maxConnections(4));
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                idle.add(new RawClient(server.port()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.openConnections() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (RawClient extra = new RawClient(server.port())) {
                RawClient.Response refused = extra.readResponse();
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers()).containsEntry("connection", "close");
            }
        } finally {
            for (RawClient c : idle) {
                c.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void aBodyOverTheCapGets413AndConcurrentBodiesOverTheBudgetGet503() throws Exception {
        start(quick().requestTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .maxRequestBodyBytes(1000, 1500));
        try (RawClient big = new RawClient(server.port())) {
            big.send("POST /api/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
            assertThat(big.readResponse().status()).isEqualTo(413);
        }
        try (RawClient first = new RawClient(server.port());
                RawClient second = new RawClient(server.port())) {
            // The first holds 1000 of the 1500 bytes while its body is still coming.
            first.send("POST /api/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{");
            Thread.sleep(300);
            second.send("POST /api/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
            assertThat(second.readResponse().status()).isEqualTo(503);
            first.send("\"name\":\"x\"}" + " ".repeat(1000 - 12));
            assertThat(first.readResponse().status()).isLessThan(500);
        }
        // The budget came back: another large body is accepted.
        try (RawClient again = new RawClient(server.port())) {
            again.send("POST /api/workflows/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"name\":\"y\"}"
                    + " ".repeat(1000 - 12));
            assertThat(again.readResponse().status()).isLessThan(500);
        }
    }

    @Test
    void recordingsAreBoundedAndClearedCompletely() throws IOException {
        start(NodeToolTestServer.builder().recordingLimits(5, 1_000_000, 10));
        for (int i = 0; i < 12; i++) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("GET /health?n=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(client.readResponse().status()).isEqualTo(200);
            }
        }
        assertThat(server.requests()).hasSize(5);
        assertThat(server.requests().get(4).query()).isEqualTo("n=11");
        server.clearRecordings();
        assertThat(server.requests()).isEmpty();
        assertThat(server.takeRequest(Duration.ofMillis(10))).isNull();
    }
}
