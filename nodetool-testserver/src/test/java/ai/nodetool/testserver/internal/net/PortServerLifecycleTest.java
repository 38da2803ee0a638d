package ai.nodetool.testserver.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PortServerLifecycleTest {

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /** Polls (bounded) because a pool thread may need a moment to finish exiting after its last task. */
    private static List<String> threadsLeftAfterWaiting(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left = threadsNamed(prefix);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = threadsNamed(prefix);
        }
        return left;
    }

    @Test
    void closeEndsEveryThreadAndConnectionTheServerStarted() throws Exception {
        String prefix = "lifecycle-a";
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Throwable> stalledWriter = new CompletableFuture<>();
        CompletableFuture<String> webSocketClosed = new CompletableFuture<>();
        PortServer server = new PortServer(
                InetAddress.getLoopbackAddress(),
                0,
                ex -> {
                    switch (ex.path()) {
                        case "/ws" ->
                            ex.upgradeToWebSocket(new WebSocketListener() {
                                @Override
                                public void onText(WebSocketConnection connection, String text) {}

                                @Override
                                public void onBinary(WebSocketConnection connection, byte[] data) {}

                                @Override
                                public void onClose(WebSocketConnection connection, int code, String reason) {
                                    webSocketClosed.complete(code + " " + reason);
                                }
                            });
                        case "/flood" -> {
                            // The client never reads, so this write eventually blocks on full socket buffers.
                            OutputStream out = ex.stream(200, Map.of());
                            streaming.countDown();
                            try {
                                while (true) {
                                    out.write(new byte[64 * 1024]);
                                    out.flush();
                                }
                            } catch (IOException e) {
                                stalledWriter.complete(e);
                                throw e;
                            }
                        }
                        case "/wait" -> {
                            waiting.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                ex.abort();
                            }
                        }
                        default -> ex.respond(200, Map.of(), null);
                    }
                },
                prefix);
        server.start();
        int port = server.port();

        HttpClient client = HttpClient.newHttpClient();
        client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .build(),
                HttpResponse.BodyHandlers.discarding()); // leaves an idle keep-alive connection
        WebSocket webSocket = client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
        RawClient flood = new RawClient(port);
        flood.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n");
        RawClient waiter = new RawClient(port);
        waiter.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threadsNamed(prefix)).isNotEmpty();

        server.close();

        assertThat(threadsLeftAfterWaiting(prefix)).isEmpty();
        assertThat(stalledWriter.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(webSocketClosed.get(10, TimeUnit.SECONDS)).isEqualTo("1006 ");
        assertThat(waiter.serverClosed()).isTrue();
        flood.close();
        waiter.close();
        server.close(); // idempotent
        // An unreachable JDK client closes its WebSocket politely (1000); keep it alive until here.
        Reference.reachabilityFence(client);
        Reference.reachabilityFence(webSocket);
    }

    @Test
    void aHandlerMayCloseItsOwnServer() throws Exception {
        String prefix = "lifecycle-b";
        CompletableFuture<Void> closeReturned = new CompletableFuture<>();
        PortServer[] holder = new PortServer[1];
        holder[0] = new PortServer(
                InetAddress.getLoopbackAddress(),
                0,
                ex -> {
                    ex.respond(200, Map.of("Connection", "close"), null);
                    holder[0].close();
                    closeReturned.complete(null);
                },
                prefix);
        holder[0].start();

        try (RawClient client = new RawClient(holder[0].port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(200);
        }

        closeReturned.get(10, TimeUnit.SECONDS);
        assertThat(threadsLeftAfterWaiting(prefix)).isEmpty();
    }

    @Test
    void portIsKnownRightAfterStartAndABusyPortFailsToBind() {
        try (PortServer first = new PortServer(
                InetAddress.getLoopbackAddress(), 0, ex -> ex.respond(200, Map.of(), null), "lifecycle-c")) {
            assertThatThrownBy(first::port).isInstanceOf(IllegalStateException.class);
            first.start();
            assertThat(first.port()).isPositive();

            try (PortServer second = new PortServer(
                    InetAddress.getLoopbackAddress(),
                    first.port(),
                    ex -> ex.respond(200, Map.of(), null),
                    "lifecycle-d")) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining(String.valueOf(first.port()));
            }
            assertThatThrownBy(first::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
