package ai.nodetool.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.errors.NodeToolIOException;
import ai.nodetool.client.errors.NodeToolProtocolException;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each way a real socket can fail maps to its exception type and kind, and only failures to
 * connect are retried: given this socket behaviour, the caller sees that.
 */
class TransportFailuresTest {
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private NodeToolClient.Builder client(String baseUrl) {
        return NodeToolClient.builder()
                .environment(name -> null)
                .baseUrl(baseUrl)
                .sleeper(sleeps::add);
    }

    @Test
    void aRefusedConnectionIsAnIoErrorAndIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (NodeToolClient client =
                client("http://127.0.0.1:" + closedPort).maxRetries(1).build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolIOException.class)
                    .hasRootCauseInstanceOf(ConnectException.class)
                    .hasMessageContaining("could not connect to 127.0.0.1:" + closedPort);
        }
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void anUnknownHostIsAnIoErrorNamingTheHost() {
        try (NodeToolClient client =
                client("http://no-such-host.invalid/").maxRetries(0).build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isExactlyInstanceOf(NodeToolIOException.class)
                    .hasCauseInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("unknown host no-such-host.invalid");
        }
    }

    @Test
    void aSilentServerIsAReadTimeoutAndIsNotRetried() throws Exception {
        try (RawServer raw = new RawServer(null);
                NodeToolClient client = client(raw.url())
                        .maxRetries(2)
                        .readTimeout(Duration.ofMillis(300))
                        .build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(
                            NodeToolTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.READ))
                    .hasCauseInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("read timed out");
        }
        assertThat(sleeps)
                .as("the request reached the server: a read timeout is not a connect failure")
                .isEmpty();
    }

    @Test
    void aStalledConnectIsAConnectTimeoutAndIsRetried() throws Exception {
        // A listening socket that never accepts, with its backlog filled: Linux then drops further
        // SYNs, so the client's connect cannot complete.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(listener.getLocalSocketAddress(), 500);
                        fillers.add(s);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                }
                Assumptions.assumeTrue(fillers.size() < 8, "this OS does not stall connects to a full backlog");
                try (NodeToolClient client = client("http://127.0.0.1:" + listener.getLocalPort())
                        .maxRetries(1)
                        .connectTimeout(Duration.ofMillis(300))
                        .build()) {
                    assertThatThrownBy(() -> client.workflows().list())
                            .isInstanceOfSatisfying(
                                    NodeToolTimeoutException.class,
                                    e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.CONNECT))
                            .hasMessageContaining("connect timed out");
                }
                assertThat(sleeps).hasSize(1);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anOverallCallTimeoutOfASharedClientIsACallTimeout() throws Exception {
        OkHttpClient shared =
                new OkHttpClient.Builder().callTimeout(Duration.ofMillis(300)).build();
        try (RawServer raw = new RawServer(null);
                NodeToolClient client =
                        client(raw.url()).httpClient(shared).maxRetries(0).build()) {
            assertThatThrownBy(() -> client.workflows().list())
                    .isInstanceOfSatisfying(
                            NodeToolTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.CALL))
                    .hasMessageContaining("call timed out");
        } finally {
            shared.dispatcher().executorService().shutdown();
            shared.connectionPool().evictAll();
        }
    }

    @Test
    void tlsToAPlainHttpServerIsAnIoErrorSayingTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(
                    () -> {
                        try (Socket s = plain.accept()) {
                            s.getOutputStream()
                                    .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                            s.getOutputStream().flush();
                            s.getInputStream().read();
                        } catch (IOException e) {
                            // the client hung up
                        }
                    },
                    "plain-http-server");
            t.setDaemon(true);
            t.start();
            try (NodeToolClient client = client("https://127.0.0.1:" + plain.getLocalPort())
                    .maxRetries(0)
                    .build()) {
                assertThatThrownBy(() -> client.workflows().list())
                        .isExactlyInstanceOf(NodeToolIOException.class)
                        .hasCauseInstanceOf(SSLException.class)
                        .hasMessageContaining("TLS failure with 127.0.0.1:" + plain.getLocalPort());
            }
        }
    }

    @Test
    void aChunkedBodyThatBreaksOffIsATruncatedResponse() throws Exception {
        try (RawServer raw = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"workflows\": [")) {
            try (NodeToolClient client = client(raw.url()).maxRetries(0).build()) {
                assertThatThrownBy(() -> client.workflows().list())
                        .isExactlyInstanceOf(NodeToolProtocolException.class)
                        .hasMessageContaining("response body truncated");
            }
        }
    }
}
