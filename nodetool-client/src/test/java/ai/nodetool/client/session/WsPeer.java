package ai.nodetool.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * A scripted WebSocket peer on MockWebServer: records every frame the client sends (decoded with
 * its own MessagePack/JSON mappers, independent of the client's codec) and lets a test answer.
 */
final class WsPeer implements AutoCloseable {
    static final ObjectMapper MSGPACK = new MessagePackMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    /** A frame the client sent. */
    record Frame(JsonNode tree, boolean binary, WebSocket socket) {
        String command() {
            return tree.path("command").asText(null);
        }

        JsonNode data() {
            return tree.path("data");
        }
    }

    final MockWebServer server = new MockWebServer();
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    volatile BiConsumer<Frame, WsPeer> onFrame = (f, p) -> {};
    volatile WebSocket current;

    WsPeer() throws IOException {
        server.start();
    }

    String baseUrl() {
        return server.url("/").toString();
    }

    /** Lets the next upgrade request succeed. */
    WsPeer acceptUpgrade() {
        server.enqueue(new MockResponse.Builder()
                .webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket webSocket, Response response) {
                        current = webSocket;
                        sockets.add(webSocket);
                        opened.add(webSocket);
                    }

                    @Override
                    public void onMessage(WebSocket webSocket, ByteString bytes) {
                        try {
                            record(new Frame(MSGPACK.readTree(bytes.toByteArray()), true, webSocket));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }

                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        try {
                            record(new Frame(JSON.readTree(text), false, webSocket));
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    }

                    @Override
                    public void onClosing(WebSocket webSocket, int code, String reason) {
                        closeCodes.add(code);
                        webSocket.close(1000, null);
                    }
                })
                .build());
        return this;
    }

    /** Answers the next upgrade with a plain HTTP status. */
    WsPeer refuseUpgrade(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).body(body).build());
        return this;
    }

    private void record(Frame f) {
        received.add(f);
        onFrame.accept(f, this);
    }

    Frame take() throws InterruptedException {
        Frame f = received.poll(10, TimeUnit.SECONDS);
        assertThat(f).as("a frame from the client").isNotNull();
        return f;
    }

    /** Takes frames until one with this command arrives (skipping pongs and others). */
    Frame takeCommand(String command) throws InterruptedException {
        for (; ; ) {
            Frame f = take();
            if (command.equals(f.command())) {
                return f;
            }
        }
    }

    WebSocket awaitOpen() throws InterruptedException {
        WebSocket ws = opened.poll(10, TimeUnit.SECONDS);
        assertThat(ws).as("an open WebSocket").isNotNull();
        return ws;
    }

    void send(WebSocket ws, Object frame) {
        try {
            ws.send(ByteString.of(MSGPACK.writeValueAsBytes(frame)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    void send(Object frame) {
        send(current, frame);
    }

    void sendText(Object frame) {
        try {
            current.send(JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Ends the current socket abruptly from the server side (close 1011, as a crashing server). */
    void dropCurrent() {
        current.close(1011, "gone");
    }

    void sendBytes(byte[] bytes) {
        current.send(ByteString.of(bytes));
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return o;
    }

    @Override
    public void close() {
        for (WebSocket ws : sockets) {
            ws.close(1001, "peer stopping");
        }
        server.close();
    }
}
