package ai.nodetool.testserver.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.msgpack.jackson.dataformat.MessagePackMapper;

/**
 * A test-side WebSocket client built only on {@code java.net.http.WebSocket} and the MessagePack
 * mapper: decodes every frame by its frame type (binary = MessagePack, text = JSON), as protocol-notes
 * §6.2 tells clients to, and queues them for the test thread.
 */
final class WsClient implements AutoCloseable {
    static final ObjectMapper MSGPACK = new MessagePackMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long TIMEOUT_SECONDS = 10;

    /** One received frame: decoded message (null when undecodable), its frame type and raw bytes. */
    record Frame(JsonNode message, boolean binary, byte[] raw) {}

    /** How the connection ended: close code (1006 for an abnormal end) and reason. */
    record Closed(int code, String reason) {}

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) throws Exception {
        socket = HTTP.newWebSocketBuilder().buildAsync(uri, new Listener()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    static WsClient connect(String url) throws Exception {
        return new WsClient(URI.create(url));
    }

    /** Connects to a Gen C server and consumes the two unsolicited frames of protocol-notes §6.3. */
    static WsClient connectCurrent(String url) throws Exception {
        WsClient client = connect(url);
        Frame target = client.nextFrame();
        assertThat(target.binary()).isTrue();
        assertThat(target.message().path("type").asText()).isEqualTo("sdk_execution_target");
        assertThat(client.next().path("type").asText()).isEqualTo("renderer_registered");
        return client;
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                byte[] whole = binary.toByteArray();
                binary.reset();
                JsonNode message;
                try {
                    message = MSGPACK.readTree(whole);
                } catch (Exception e) {
                    message = null;
                }
                frames.add(new Frame(message, true, whole));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String whole = text.toString();
                text.setLength(0);
                JsonNode message;
                try {
                    message = JSON.readTree(whole);
                } catch (Exception e) {
                    message = null;
                }
                frames.add(new Frame(message, false, whole.getBytes(StandardCharsets.UTF_8)));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(1006, String.valueOf(error)));
        }
    }

    // ---- sending -----------------------------------------------------------------------------

    /** {@code {"command": name, "data": {k: v, ...}}}. */
    static ObjectNode command(String name, Object... keyValues) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("command", name);
        ObjectNode data = envelope.putObject("data");
        for (int i = 0; i < keyValues.length; i += 2) {
            data.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return envelope;
    }

    void send(JsonNode message) throws Exception {
        sendRaw(MSGPACK.writeValueAsBytes(message));
    }

    void sendText(JsonNode message) throws Exception {
        sendText(JSON.writeValueAsString(message));
    }

    void sendText(String text) throws Exception {
        socket.sendText(text, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void sendRaw(byte[] bytes) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    // ---- receiving ---------------------------------------------------------------------------

    Frame nextFrame() throws InterruptedException {
        Frame frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within %d s", TIMEOUT_SECONDS).isNotNull();
        return frame;
    }

    /** The next frame within {@code millis}, or null. */
    Frame pollFrame(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next frame, which must decode. */
    JsonNode next() throws InterruptedException {
        Frame frame = nextFrame();
        assertThat(frame.message()).as("decodable frame").isNotNull();
        return frame.message();
    }

    /** Every frame up to and including the first that matches. */
    List<JsonNode> until(Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode message = next();
            seen.add(message);
            if (last.test(message)) {
                return seen;
            }
        }
    }

    /** The first frame that matches, skipping others. */
    JsonNode await(Predicate<JsonNode> match) throws InterruptedException {
        List<JsonNode> seen = until(match);
        return seen.get(seen.size() - 1);
    }

    /** True when nothing arrived within {@code millis}; only used to show silence, never for timing. */
    boolean quietFor(long millis) throws InterruptedException {
        Frame frame = frames.poll(millis, TimeUnit.MILLISECONDS);
        if (frame != null) {
            frames.add(frame); // keep it for the caller (order is irrelevant for a single frame)
            return false;
        }
        return true;
    }

    Closed awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    // ---- predicates --------------------------------------------------------------------------

    static Predicate<JsonNode> jobUpdate(String status) {
        return m -> m.path("type").asText().equals("job_update")
                && m.path("status").asText().equals(status);
    }

    /** Gen C's final update of a run with outputs, or of a run under require_terminal_result. */
    static Predicate<JsonNode> terminalWithResult() {
        return m -> m.path("type").asText().equals("job_update") && m.has("result");
    }

    static Predicate<JsonNode> terminal() {
        return m -> m.path("type").asText().equals("job_update")
                && List.of("completed", "failed", "cancelled", "error")
                        .contains(m.path("status").asText());
    }

    static Predicate<JsonNode> untyped() {
        return m -> !m.has("type");
    }

    /** Frames as JSON text: compares trees regardless of integer width (MessagePack decodes small ints). */
    static List<String> texts(List<JsonNode> frames) {
        return frames.stream().map(JsonNode::toString).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
