package ai.nodetool.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.nodetool.client.NodeToolClient;
import ai.nodetool.client.errors.NodeToolTimeoutException;
import ai.nodetool.client.messages.JobMessage;
import ai.nodetool.client.session.JobSession;
import ai.nodetool.client.session.SessionOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WebSocket session against hostile servers (issue 14): an upgrade that is never answered is
 * bounded, a server that accepts and closes at once cannot keep the session reconnecting forever,
 * and a flood of {@code ping} messages from a server that reads nothing drops the socket instead of
 * queueing pongs without bound.
 */
@Timeout(60)
class HostileWebSocketServerMockTest {

    private static NodeToolClient client(RawWebSocketPeer peer, Duration connectTimeout) {
        return NodeToolClient.builder()
                .baseUrl(peer.httpUrl())
                .webSocketUrl(peer.url())
                .connectTimeout(connectTimeout)
                .build();
    }

    @Test
    void anUpgradeThatIsNeverAnsweredFailsWithinTwiceTheConnectTimeout() throws Exception {
        try (RawWebSocketPeer peer = new RawWebSocketPeer(false, (s, in, out) -> {});
                NodeToolClient client = client(peer, Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            assertThatThrownBy(client::connect)
                    .isInstanceOfSatisfying(
                            NodeToolTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(NodeToolTimeoutException.Kind.CONNECT));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMs).as("connect() ended (bound is 2 s)").isLessThan(15_000);
            assertThat(peer.accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void aServerThatClosesEachConnectionAtOnceExhaustsTheReconnectAttempts() throws Exception {
        AtomicInteger codes = new AtomicInteger(4000);
        try (RawWebSocketPeer peer = new RawWebSocketPeer(true, (s, in, out) -> {
                    out.write(RawWebSocketPeer.close(codes.getAndIncrement()));
                    out.flush();
                    Thread.sleep(100);
                });
                NodeToolClient client = client(peer, Duration.ofSeconds(5))) {
            JobSession session = client.connect(SessionOptions.builder()
                    .reconnectAttempts(3)
                    .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                    .build());
            Ended ended = Ended.watch(session);
            assertThat(ended.latch.await(20, TimeUnit.SECONDS))
                    .as("session ended after its attempts")
                    .isTrue();
            Thread.sleep(500); // would any further attempt come?
            assertThat(ended.error.get()).hasMessageContaining("reconnect attempt");
            assertThat(peer.upgrades.get())
                    .as("first connection plus 3 attempts")
                    .isEqualTo(4);
            session.close();
        }
    }

    /** Watches messages(): it ends exactly when the session ends. */
    static final class Ended implements Flow.Subscriber<JobMessage> {
        final CountDownLatch latch = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();

        static Ended watch(JobSession session) {
            Ended e = new Ended();
            session.messages().subscribe(e);
            return e;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(JobMessage item) {}

        @Override
        public void onError(Throwable t) {
            error.set(t);
            latch.countDown();
        }

        @Override
        public void onComplete() {
            latch.countDown();
        }
    }

    @Test
    void aPingFloodFromAServerThatNeverReadsDropsTheSocket() throws Exception {
        byte[] ping = RawWebSocketPeer.frame(0x1, "{\"type\":\"ping\",\"ts\":1}".getBytes(StandardCharsets.UTF_8));
        AtomicInteger sent = new AtomicInteger();
        try (RawWebSocketPeer peer = new RawWebSocketPeer(true, (s, in, out) -> {
                    for (int i = 0; i < 300_000; i++) {
                        out.write(ping);
                        sent.incrementAndGet();
                    }
                    out.flush();
                    Thread.sleep(30_000); // never reads
                });
                NodeToolClient client = NodeToolClient.builder()
                        .baseUrl(peer.httpUrl())
                        .webSocketUrl(peer.url())
                        // Small kernel buffers on both ends, so what the peer does not read piles up
                        // in the client's queue after a few KiB rather than a few MiB.
                        .httpClient(new OkHttpClient.Builder()
                                .socketFactory(new SmallSendBufferSockets())
                                .build())
                        .build()) {
            JobSession session =
                    client.connect(SessionOptions.builder().reconnectAttempts(0).build());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (session.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(session.isOpen())
                    .as("the session dropped the socket after %s pings", sent.get())
                    .isFalse();
            session.close();
        }
    }

    /** Client sockets with a 4 KiB send buffer. */
    static final class SmallSendBufferSockets extends SocketFactory {
        private static Socket small(Socket s) throws IOException {
            s.setSendBufferSize(4096);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return small(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return small(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return small(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return small(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return small(new Socket(address, port, localAddress, localPort));
        }
    }
}
