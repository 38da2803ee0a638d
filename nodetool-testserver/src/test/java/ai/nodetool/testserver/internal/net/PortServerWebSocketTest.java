package ai.nodetool.testserver.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortServerWebSocketTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private PortServer server;
    private final ServerSide serverSide = new ServerSide();

    /** Records what the server-side listener saw; echoes messages unless told not to. */
    static final class ServerSide implements WebSocketListener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<WebSocketConnection> opened = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final AtomicInteger closeCalls = new AtomicInteger();
        volatile boolean echo = true;

        @Override
        public void onOpen(WebSocketConnection connection) {
            opened.complete(connection);
        }

        @Override
        public void onText(WebSocketConnection connection, String text) {
            messages.add(text);
            if (echo) {
                connection.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocketConnection connection, byte[] data) {
            messages.add(data);
            if (echo) {
                connection.sendBinary(data);
            }
        }

        @Override
        public void onClose(WebSocketConnection connection, int code, String reason) {
            closeCalls.incrementAndGet();
            closed.complete(code + " " + reason);
        }
    }

    /** Reassembles the JDK client's partial messages and records pongs and the close. */
    static final class ClientSide implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<ByteBuffer> pong = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pong.complete(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private void start(RequestHandler handler) {
        server = new PortServer(InetAddress.getLoopbackAddress(), 0, handler, "ws-test");
        server.start();
    }

    private void startEcho() {
        start(ex -> {
            if (ex.isWebSocketUpgrade()) {
                ex.upgradeToWebSocket(serverSide);
            } else {
                ex.respond(404, Map.of(), null);
            }
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebSocket connect(ClientSide client, String pathAndQuery) throws Exception {
        return CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery), client)
                .get(10, TimeUnit.SECONDS);
    }

    private static Object next(BlockingQueue<Object> queue) throws InterruptedException {
        Object message = queue.poll(10, TimeUnit.SECONDS);
        assertThat(message).as("message within 10 s").isNotNull();
        return message;
    }

    @Test
    void textAndBinaryMessagesAreEchoed() throws Exception {
        startEcho();
        ClientSide client = new ClientSide();
        WebSocket ws = connect(client, "/ws?api_key=k%20y&x=1");
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        String big = "é".repeat(40_000); // 80 000 UTF-8 bytes: 64-bit length form

        ws.sendText("héllo", true).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
        ws.sendText(big, true).get(10, TimeUnit.SECONDS);

        assertThat(next(client.messages)).isEqualTo("héllo");
        assertThat(next(client.messages)).isEqualTo(bytes);
        assertThat(next(client.messages)).isEqualTo(big);
        WebSocketConnection connection = serverSide.opened.get(10, TimeUnit.SECONDS);
        assertThat(connection.path()).isEqualTo("/ws");
        assertThat(connection.query("api_key")).isEqualTo("k y");
        assertThat(connection.upgradeHeaders()).containsEntry("upgrade", "websocket");
        assertThat(connection.upgradeHeaders()).containsKey("sec-websocket-key");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void fragmentedClientMessageIsReassembledAroundAnInterleavedPing() throws Exception {
        startEcho();
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            raw.sendFrame(false, RawClient.OP_TEXT, "Hel".getBytes(StandardCharsets.UTF_8), true);
            raw.sendFrame(true, RawClient.OP_PING, "p".getBytes(StandardCharsets.UTF_8), true);
            raw.sendFrame(false, RawClient.OP_CONTINUATION, "lo, ".getBytes(StandardCharsets.UTF_8), true);
            raw.sendFrame(true, RawClient.OP_CONTINUATION, "wörld".getBytes(StandardCharsets.UTF_8), true);

            RawClient.Frame pong = raw.readFrame();
            RawClient.Frame echo = raw.readFrame();

            assertThat(pong.opcode()).isEqualTo(RawClient.OP_PONG);
            assertThat(pong.text()).isEqualTo("p");
            assertThat(echo.fin()).isTrue();
            assertThat(echo.opcode()).isEqualTo(RawClient.OP_TEXT);
            assertThat(echo.text()).isEqualTo("Hello, wörld");
            assertThat(next(serverSide.messages)).isEqualTo("Hello, wörld");
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        startEcho();
        ClientSide client = new ClientSide();
        WebSocket ws = connect(client, "/ws");

        ws.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);

        ByteBuffer pong = client.pong.get(10, TimeUnit.SECONDS);
        assertThat(StandardCharsets.UTF_8.decode(pong).toString()).isEqualTo("are you there");
    }

    @Test
    void serverCloseCodeIsSeenByTheClient() throws Exception {
        // Gen A style: accept the upgrade, then refuse with a policy close.
        start(ex -> ex.upgradeToWebSocket(serverSide).close(1008, "invalid token"));
        ClientSide client = new ClientSide();
        WebSocket ws = connect(client, "/predict");

        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1008 invalid token");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1008 invalid token");
        assertThat(serverSide.closeCalls).hasValue(1);
    }

    @Test
    void serverCloseWithoutPeerAnswerStillEndsAfterTheTimeout() throws Exception {
        start(ex -> ex.upgradeToWebSocket(serverSide));
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            WebSocketConnection connection = serverSide.opened.get(10, TimeUnit.SECONDS);

            connection.close(4001, "bye");

            RawClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawClient.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(connection.isOpen()).isFalse();
            assertThatThrownBy(() -> connection.sendText("late")).isInstanceOf(UncheckedIOException.class);
            // The raw client never answers the close; the server drops the socket on its own.
            assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 bye");
            assertThat(raw.serverClosed()).isTrue();
        }
    }

    @Test
    void clientCloseIsSeenByTheServerListenerAndEchoed() throws Exception {
        startEcho();
        ClientSide client = new ClientSide();
        WebSocket ws = connect(client, "/ws");
        serverSide.opened.get(10, TimeUnit.SECONDS);

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 bye");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
        assertThat(serverSide.closeCalls).hasValue(1);
    }

    @Test
    void closeFrameWithoutStatusCodeIsReadAndEchoedAs1000() throws Exception {
        // Java-WebSocket's reading of an empty close frame; RFC 6455 would report 1005 and echo it empty.
        startEcho();
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            serverSide.opened.get(10, TimeUnit.SECONDS);
            raw.sendFrame(true, RawClient.OP_CLOSE, new byte[0], true);

            RawClient.Frame echo = raw.readFrame();
            assertThat(echo.opcode()).isEqualTo(RawClient.OP_CLOSE);
            assertThat(echo.closeCode()).isEqualTo(1000);
            assertThat(raw.serverClosed()).isTrue();
        }
        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 ");
    }

    @Test
    void abruptClientDisconnectIsReportedAs1006() throws Exception {
        startEcho();
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            serverSide.opened.get(10, TimeUnit.SECONDS);
        }

        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1006 ");
        assertThat(serverSide.closeCalls).hasValue(1);
    }

    @Test
    void reservedOpcodeIsAProtocolError() throws Exception {
        startEcho();
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            raw.sendFrame(true, 0x3, "what".getBytes(StandardCharsets.UTF_8), true);

            RawClient.Frame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(RawClient.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            assertThat(raw.serverClosed()).isTrue();
        }
        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).startsWith("1002 ");
        assertThat(serverSide.messages).isEmpty();
    }

    @Test
    void invalidUtf8TextIsClosedWith1007() throws Exception {
        startEcho();
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            raw.sendFrame(true, RawClient.OP_TEXT, new byte[] {(byte) 0xC3, (byte) 0x28}, true);

            assertThat(raw.readFrame().closeCode()).isEqualTo(1007);
        }
    }

    @Test
    void messageOverTheLimitIsClosedWith1009() throws Exception {
        startEcho();
        server.maxWebSocketMessageBytes(1000);
        try (RawClient raw = new RawClient(server.port())) {
            raw.upgrade("/ws");
            // 600 + 600 bytes: each frame fits, the reassembled message does not.
            raw.sendFrame(false, RawClient.OP_BINARY, new byte[600], true);
            raw.sendFrame(true, RawClient.OP_CONTINUATION, new byte[600], true);

            RawClient.Frame close = raw.readFrame();
            assertThat(close.closeCode()).isEqualTo(1009);
        }
        assertThat(serverSide.closed.get(10, TimeUnit.SECONDS)).startsWith("1009 ");
    }

    @Test
    void concurrentSendsFromEightThreadsArriveIntact() throws Exception {
        start(ex -> ex.upgradeToWebSocket(serverSide));
        ClientSide client = new ClientSide();
        connect(client, "/ws");
        WebSocketConnection connection = serverSide.opened.get(10, TimeUnit.SECONDS);
        int threads = 8;
        int perThread = 150;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> sent = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                // Sizes cross the 7-, 16- and 64-bit length encodings.
                int padding = i % 10 == 0 ? 70_000 : i % 3 == 0 ? 300 : 10;
                mine.add("t" + t + "-m" + i + "-"
                        + String.valueOf((char) ('a' + t)).repeat(padding));
            }
            sent.addAll(mine);
            Thread sender = new Thread(
                    () -> {
                        try {
                            go.await();
                            mine.forEach(connection::sendText);
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    },
                    "test-sender-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }

        go.countDown();
        for (Thread sender : senders) {
            sender.join(10_000);
        }
        Set<String> received = new HashSet<>();
        for (int i = 0; i < threads * perThread; i++) {
            received.add((String) next(client.messages));
        }

        assertThat(failure.get()).isNull();
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void upgradeCanBeRejectedWithAnOrdinaryResponse() throws Exception {
        start(ex -> ex.respond(
                401,
                Map.of("Content-Type", "application/json"),
                "{\"detail\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8)));

        CompletableFuture<WebSocket> attempt = CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new ClientSide());

        assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(
                                ((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(401));
    }

    @Test
    void handshakeTheLibraryRefusesGets400InTheServersErrorFormat() throws Exception {
        start(ex -> ex.upgradeToWebSocket(serverSide));
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n"); // no Sec-WebSocket-Key
            RawClient.Response response = raw.readResponse();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).startsWith("{\"detail\":\"");
            assertThat(raw.serverClosed()).isTrue();
        }
        assertThat(serverSide.opened).isNotDone();
    }

    @Test
    void wrongWebSocketVersionGets426() throws Exception {
        CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
        start(ex -> {
            try {
                ex.upgradeToWebSocket(serverSide);
            } catch (java.io.IOException e) {
                handlerSaw.complete(e);
                throw e;
            }
        });
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
            RawClient.Response response = raw.readResponse();

            assertThat(response.status()).isEqualTo(426);
            assertThat(response.headers()).containsEntry("sec-websocket-version", "13");
        }
        assertThat(handlerSaw.get(10, TimeUnit.SECONDS)).hasMessageContaining("Sec-WebSocket-Version");
    }
}
